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

import io.nativemesh.MeshService;
import io.nativemesh.spring.internal.FixedManagerFactories;
import io.netty.handler.ssl.ClientAuth;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * Makes a Reactor Netty server that Spring Boot configured from the {@code nativemesh} bundle serve
 * from the mesh's key and trust managers with client certificates required, replacing the SSL
 * provider Boot built (Boot's adds a server-name mapping that does not know mesh host names). The
 * managers read the current leaf, roots and intentions on every handshake, so rotations need no
 * reload. HTTP/1.1 over TLS (no ALPN). Called by the line-specific {@code NettyServerCustomizer}
 * beans of the starter (the customizer interface moved between Spring Boot 3 and 4).
 *
 * @since 0.1.0
 */
public final class MeshReactorNetty {
  private MeshReactorNetty() {}

  /**
   * @param server the server Boot configured
   * @param mesh the mesh service
   * @return the server serving mutual TLS from the mesh managers
   */
  public static HttpServer secure(HttpServer server, MeshService mesh) {
    Http11SslContextSpec spec =
        Http11SslContextSpec.forServer(FixedManagerFactories.keyManagers(mesh.keyManager()))
            .configure(
                b ->
                    b.trustManager(FixedManagerFactories.trustManagers(mesh.trustManager()))
                        .clientAuth(ClientAuth.REQUIRE));
    return server.secure(s -> s.sslContext(spec));
  }
}
