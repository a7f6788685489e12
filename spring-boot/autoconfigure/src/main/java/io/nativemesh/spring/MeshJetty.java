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
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Makes an embedded Jetty 12 server that Spring Boot configured from the {@code nativemesh} bundle
 * serve from the mesh {@code SSLContext} ({@link MeshService#serverSslContext()}) with client
 * certificates required. Jetty builds its TLS context from the bundle's key stores (a snapshot of
 * the leaf at start-up); this gives each TLS connector's {@code SslContextFactory} the mesh context
 * instead, whose managers follow every leaf and root rotation and authorize callers against the
 * intentions in the handshake (sessions are renewed when intentions or roots change), and turns off
 * Jetty's SNI host check (it compares the {@code Host} header with the certificate's DNS names; a
 * mesh leaf names its service by a SPIFFE URI, and callers dial mesh host names). Called by the
 * line-specific {@code JettyServerCustomizer} beans of the starter (the customizer interface moved
 * between Spring Boot 3 and 4; Jetty's API did not).
 *
 * @since 0.1.0
 */
public final class MeshJetty {
  private MeshJetty() {}

  /**
   * @param server a server after Spring Boot added its connectors (before it starts)
   * @param mesh the mesh service
   * @return the number of TLS connectors now serving the mesh context
   */
  public static int apply(Server server, MeshService mesh) {
    int n = 0;
    for (Connector c : server.getConnectors()) {
      SslConnectionFactory f = c.getConnectionFactory(SslConnectionFactory.class);
      if (f == null) {
        continue;
      }
      SslContextFactory.Server ssl = f.getSslContextFactory();
      ssl.setSslContext(mesh.serverSslContext());
      ssl.setNeedClientAuth(true);
      // the mesh leaf names the service by its SPIFFE ID (a URI SAN), not by host names
      ssl.setSniRequired(false);
      HttpConnectionFactory http = c.getConnectionFactory(HttpConnectionFactory.class);
      SecureRequestCustomizer secure =
          http == null
              ? null
              : http.getHttpConfiguration().getCustomizer(SecureRequestCustomizer.class);
      if (secure != null) {
        // Jetty would compare the Host header with the leaf's DNS names; a mesh leaf has none
        secure.setSniHostCheck(false);
      }
      n++;
    }
    return n;
  }
}
