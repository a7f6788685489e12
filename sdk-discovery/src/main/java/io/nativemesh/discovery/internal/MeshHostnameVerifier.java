/*
 * Copyright 2026 The NativeMesh Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.nativemesh.discovery.internal;

import io.nativemesh.core.SpiffeId;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.MeshHostnames;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * SPIFFE-aware replacement of host name verification: the peer's URI SAN must be a service identity
 * whose service is the one named by the mesh host name. (The trust manager already enforced this in
 * the handshake; OkHttp calls this again after it, for pooled connections too.) Thread-safe.
 */
public final class MeshHostnameVerifier implements HostnameVerifier {
  @Override
  public boolean verify(String hostname, SSLSession session) {
    MeshHostnames expected = MeshHostnames.parse(hostname).orElse(null);
    if (expected == null) {
      return false;
    }
    try {
      Certificate[] peer = session.getPeerCertificates();
      if (peer.length == 0 || !(peer[0] instanceof X509Certificate leaf)) {
        return false;
      }
      List<String> uris = CertificateInfo.uriSans(leaf);
      if (uris.size() != 1) {
        return false;
      }
      var id = SpiffeId.parse(uris.get(0)).asService();
      return id.service().equalsIgnoreCase(expected.service())
          && (expected.datacenter() == null
              || id.datacenter().equalsIgnoreCase(expected.datacenter()));
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      return false;
    }
  }
}
