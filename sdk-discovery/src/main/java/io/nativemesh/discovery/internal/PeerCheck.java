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

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.tls.MeshTrustManager;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * After a client handshake: the peer's SPIFFE ID must carry the endpoint's namespace (the trust
 * manager already checked service and datacenter from the mesh host name, which has no namespace
 * label). Stateless.
 */
public final class PeerCheck {
  private PeerCheck() {}

  /**
   * @param session the handshaken session
   * @param endpoint the instance dialled
   * @return the peer identity
   * @throws MeshConnectException if the peer's identity is not the endpoint's expected one
   */
  public static ServiceIdentity verify(SSLSession session, Endpoint endpoint)
      throws MeshConnectException {
    try {
      ServiceIdentity id = MeshTrustManager.peerIdentity(session);
      if (!id.service().equalsIgnoreCase(endpoint.service())
          || !(id.namespace() == null ? "default" : id.namespace())
              .equalsIgnoreCase(endpoint.namespace())) {
        throw new MeshConnectException(
            endpoint.service(),
            false,
            endpoint
                + " presented "
                + id.spiffeId()
                + ", expected "
                + endpoint.expectedSpiffeId(id.spiffeId().trustDomain())
                + " (any trust domain)",
            null);
      }
      return id;
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      throw new MeshConnectException(
          endpoint.service(), false, "cannot verify the identity of " + endpoint + ": " + e, e);
    }
  }
}
