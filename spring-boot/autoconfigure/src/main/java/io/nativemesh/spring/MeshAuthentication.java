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

import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Spring Security's {@code Authentication} for a mesh caller, created by the starter (with Spring
 * Security on the class path) for every request that passed the mutual-TLS handshake and the L7
 * intentions. Authenticated; principal: the {@link MeshPeer}; {@link #getName()}: the caller's
 * SPIFFE ID; credentials: none (the proof was the TLS handshake). Authorities:
 *
 * <ul>
 *   <li>{@value #ROLE_MESH_PEER} for every mesh caller ({@code hasRole("MESH_PEER")});
 *   <li>{@code MESH_SERVICE_<service>} naming the caller's service, e.g. {@code
 *       MESH_SERVICE_greeter} ({@code hasAuthority("MESH_SERVICE_greeter")}).
 * </ul>
 *
 * <p>Immutable once created; thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The authority every mesh caller holds. */
  public static final String ROLE_MESH_PEER = "ROLE_MESH_PEER";

  /** The prefix of the authority naming the caller's service. */
  public static final String SERVICE_AUTHORITY_PREFIX = "MESH_SERVICE_";

  private final transient MeshPeer peer;

  /**
   * @param peer the caller (verified by the handshake), not null
   */
  public MeshAuthentication(MeshPeer peer) {
    super(authorities(Objects.requireNonNull(peer, "peer")));
    this.peer = peer;
    setAuthenticated(true);
  }

  /**
   * @param service a service name
   * @return the authority naming it, e.g. {@code MESH_SERVICE_greeter}
   */
  public static String serviceAuthority(String service) {
    return SERVICE_AUTHORITY_PREFIX + service;
  }

  private static List<GrantedAuthority> authorities(MeshPeer peer) {
    return List.of(
        new SimpleGrantedAuthority(ROLE_MESH_PEER),
        new SimpleGrantedAuthority(serviceAuthority(peer.service())));
  }

  /**
   * @return the caller
   */
  @Override
  public MeshPeer getPrincipal() {
    return peer;
  }

  /**
   * @return null: the caller proved its identity in the TLS handshake
   */
  @Override
  public Object getCredentials() {
    return null;
  }

  /**
   * @return the caller's SPIFFE ID
   */
  @Override
  public String getName() {
    return peer.getName();
  }
}
