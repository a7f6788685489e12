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
package io.nativemesh.spring.internal;

import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.intention.HttpRequestAttributes;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.spring.MeshPeer;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.RequestAuthorizer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/** The caller's identity from its verified chain, and the per-request L7 decision. */
public final class PeerCertificates {
  private PeerCertificates() {}

  /**
   * @param chain the client chain the TLS handshake verified (leaf first), or null
   * @return the caller, or null when there is no certificate or it carries no single SPIFFE ID
   */
  public static MeshPeer peer(X509Certificate[] chain) {
    if (chain == null || chain.length == 0) {
      return null;
    }
    List<String> uris = CertificateInfo.uriSans(chain[0]);
    if (uris.size() != 1) {
      return null;
    }
    try {
      SpiffeId id = SpiffeId.parse(uris.get(0));
      return id.isService() ? new MeshPeer(id.asService()) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * @param authorizer the mesh's authorizer
   * @param peer the caller, or null
   * @param method HTTP method
   * @param path the request path (no query)
   * @param headers request headers
   * @return the decision; denied when there is no caller (fail closed)
   */
  public static IntentionDecision decide(
      RequestAuthorizer authorizer,
      MeshPeer peer,
      String method,
      String path,
      Map<String, List<String>> headers) {
    if (peer == null) {
      return new IntentionDecision(
          false, "no mesh client certificate (the nativemesh bundle serves mutual TLS)", null);
    }
    return authorizer.authorize(peer.identity(), new HttpRequestAttributes(method, path, headers));
  }

  /**
   * @param d a denial
   * @return the 403 body: the deciding rule or reason
   */
  public static String denialBody(IntentionDecision d) {
    return "denied by NativeMesh intentions: " + d.reason() + "\n";
  }
}
