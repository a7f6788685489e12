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
package io.nativemesh.vertx;

import io.nativemesh.discovery.UpstreamTarget;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.Address;
import java.util.Objects;

/**
 * A mesh upstream as a Vert.x {@link Address}: requests sent to it by a client built with {@link
 * VertxMesh#addressResolver()} (for example {@link VertxMesh#httpClient()}) go to a healthy
 * Connect-native instance of the service, over mutual TLS, and the handshake fails unless the
 * server presents that service's SPIFFE identity.
 *
 * <pre>{@code
 * client.request(new RequestOptions().setServer(MeshAddress.of("greeting")).setURI("/hello"))
 * WebClient.wrap(client).request(HttpMethod.GET, MeshAddress.of("greeting").requestOptions("/hello"))
 * }</pre>
 *
 * <p>Each instance is dialled under its own mesh host name unless the request names a host; a host
 * that is not a mesh name ({@code localhost}, WebClient's default) fails the handshake, closed.
 *
 * <p>Immutable.
 *
 * @param target the upstream: service name, and optionally datacenter, tag and namespace
 * @since 0.1.0
 */
public record MeshAddress(UpstreamTarget target) implements Address {
  /**
   * @throws NullPointerException if {@code target} is null
   */
  public MeshAddress {
    Objects.requireNonNull(target, "target");
  }

  /**
   * @param service the upstream service name, resolved through the mesh service's configured
   *     upstreams ({@code MeshServiceBuilder.upstream}) when one is configured for that name
   * @return the address
   */
  public static MeshAddress of(String service) {
    return new MeshAddress(UpstreamTarget.of(service));
  }

  /**
   * @return the service name
   */
  public String service() {
    return target.service();
  }

  /**
   * @return the mesh host name of the service, {@code <service>.service[.<dc>].consul}: set as the
   *     request's host when a client insists on one (WebClient always does), so that the TLS peer
   *     host still names the dialled service
   */
  public String host() {
    return target.service()
        + ".service."
        + (target.datacenter() == null ? "" : target.datacenter() + ".")
        + "consul";
  }

  /**
   * Request options for {@code HttpClient.request} or {@code WebClient.request(method, options)}:
   * this address as the server and {@link #host()} as the host (port 443).
   *
   * @param uri the request URI, e.g. {@code /hello}
   * @return new options
   */
  public RequestOptions requestOptions(String uri) {
    return new RequestOptions().setServer(this).setHost(host()).setPort(443).setURI(uri);
  }

  @Override
  public String toString() {
    return "mesh:" + target;
  }
}
