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
package io.nativemesh.spring;

import io.nativemesh.core.ServiceIdentity;
import java.security.Principal;
import java.util.Objects;

/**
 * The caller of a request served with the {@code nativemesh} SSL bundle: the mesh service that
 * presented a client certificate in the mutual-TLS handshake. It is the request's {@link Principal}
 * (servlet {@code getUserPrincipal()}, WebFlux {@code exchange.getPrincipal()}) and the request
 * attribute {@link #ATTRIBUTE}.
 *
 * @param identity the caller's SPIFFE service identity (from its leaf's URI SAN)
 * @since 0.1.0
 */
public record MeshPeer(ServiceIdentity identity) implements Principal {
  /** Request (servlet) and exchange (WebFlux) attribute holding the {@link MeshPeer}. */
  public static final String ATTRIBUTE = "io.nativemesh.spring.MeshPeer";

  /**
   * @param identity the caller's identity, not null
   */
  public MeshPeer {
    Objects.requireNonNull(identity, "identity");
  }

  /**
   * @return the caller's SPIFFE ID, e.g. {@code spiffe://<trust-domain>/ns/default/dc/dc1/svc/web}
   */
  @Override
  public String getName() {
    return identity.spiffeId().toString();
  }

  /**
   * @return the caller's service name, e.g. {@code web}
   */
  public String service() {
    return identity.service();
  }
}
