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
package io.nativemesh.vertx.internal;

import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.UpstreamTarget;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One instance of an upstream as a Vert.x server: its socket address carries the instance's IP
 * (dialled without any DNS lookup) under the mesh host name {@code
 * ip-<hex>.<service>.service.<dc>.consul}, which Vert.x gives the TLS engine as the peer host, so
 * the mesh trust manager checks that the server is the dialled service. Immutable.
 *
 * @param target the upstream
 * @param endpoint the instance
 * @param address where Vert.x connects
 */
public record MeshServer(UpstreamTarget target, Endpoint endpoint, SocketAddress address) {

  /**
   * @param target the upstream
   * @param endpoint a resolved instance (its address must carry an IP)
   * @return the server
   * @throws IllegalArgumentException if the endpoint's address is unresolved
   */
  public static MeshServer of(UpstreamTarget target, Endpoint endpoint) {
    InetSocketAddress a = endpoint.address();
    if (a.getAddress() == null) {
      throw new IllegalArgumentException("unresolved instance address " + a + " of " + endpoint);
    }
    return new MeshServer(target, endpoint, socketAddress(endpoint.meshHost(), a));
  }

  /**
   * @param meshHost the mesh host name to present as peer host
   * @param a the resolved address to connect to
   * @return a Vert.x socket address whose host is {@code meshHost} and whose IP is {@code a}'s
   */
  public static SocketAddress socketAddress(String meshHost, InetSocketAddress a) {
    try {
      InetAddress named = InetAddress.getByAddress(meshHost, a.getAddress().getAddress());
      return SocketAddress.inetSocketAddress(new InetSocketAddress(named, a.getPort()));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address " + a, e); // cannot happen: 4 or 16 bytes
    }
  }

  /**
   * @return a key naming the instance at its address
   */
  public String key() {
    return endpoint.instanceId() + "@" + endpoint.address();
  }

  @Override
  public String toString() {
    return endpoint.toString();
  }
}
