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
import io.nativemesh.spring.internal.TomcatMeshSslContext;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Makes an embedded Tomcat connector that Spring Boot configured from the {@code nativemesh} bundle
 * serve from the mesh {@code SSLContext} with client certificates required. Tomcat builds its TLS
 * context from key stores (a snapshot); this replaces it with the mesh context, whose managers
 * follow every rotation. Called by the line-specific {@code TomcatConnectorCustomizer} beans of the
 * starter (the customizer interface moved between Spring Boot 3 and 4; Tomcat's API did not).
 *
 * @since 0.1.0
 */
public final class MeshTomcat {
  private MeshTomcat() {}

  /**
   * @param connector a connector after Spring Boot applied the SSL bundle
   * @param mesh the mesh service
   * @return whether the connector serves TLS and now serves the mesh context
   */
  public static boolean apply(Connector connector, MeshService mesh) {
    ProtocolHandler h = connector.getProtocolHandler();
    if (!(h instanceof AbstractHttp11Protocol<?> p) || !p.isSSLEnabled()) {
      return false;
    }
    for (SSLHostConfig host : p.findSslHostConfigs()) {
      host.setCertificateVerification("required");
      for (SSLHostConfigCertificate c : host.getCertificates(true)) {
        c.setSslContext(new TomcatMeshSslContext(mesh));
      }
    }
    return true;
  }
}
