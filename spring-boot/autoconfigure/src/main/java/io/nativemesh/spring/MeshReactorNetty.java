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
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import reactor.netty.http.server.HttpServer;

/**
 * Makes a Reactor Netty server that Spring Boot configured from the {@code nativemesh} bundle serve
 * from the mesh {@code SSLContext} ({@link MeshService#serverSslContext()}) with client
 * certificates required, replacing the SSL provider Boot built (Boot's adds a server-name mapping
 * that does not know mesh host names). The context's managers read the current leaf, roots and
 * intentions on every handshake, so rotations need no reload; when intentions or roots change the
 * context renews its sessions, so a client resuming an earlier session runs the trust manager (and
 * the current intentions) again instead of skipping it; callers refused in the handshake are listed
 * by {@link MeshService#trustManager()}'s {@code recentDenials()}. HTTP/1.1 over TLS (no ALPN), JDK
 * TLS engine. Called by the line-specific {@code NettyServerCustomizer} beans of the starter (the
 * customizer interface moved between Spring Boot 3 and 4).
 *
 * @since 0.1.0
 */
public final class MeshReactorNetty {
  private MeshReactorNetty() {}

  /**
   * @param server the server Boot configured
   * @param mesh the mesh service
   * @return the server serving mutual TLS from the mesh context
   */
  public static HttpServer secure(HttpServer server, MeshService mesh) {
    SslContext ctx = serverContext(mesh);
    return server.secure(s -> s.sslContext(ctx));
  }

  /**
   * @param mesh the mesh service
   * @return a Netty server context over the mesh {@code SSLContext}: client certificates required,
   *     no ALPN; thread-safe, never needs reloading
   */
  public static SslContext serverContext(MeshService mesh) {
    return new JdkSslContext(
        mesh.serverSslContext(),
        false,
        null,
        IdentityCipherSuiteFilter.INSTANCE,
        null,
        ClientAuth.REQUIRE,
        null,
        false);
  }
}
