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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link TestApp} on embedded Jetty 12 ({@code spring-boot-starter-jetty}) served with {@code
 * server.ssl.bundle=nativemesh}, against the companion server in-process (the mesh of {@link
 * AbstractServingTest}). A class of its own: with Jetty's servlet stack on the class path, Boot 4
 * prefers Jetty to Tomcat, so the Boot 4 module runs it in a surefire execution of its own.
 */
public abstract class AbstractJettyServingTest {
  @BeforeAll
  static void startMesh() throws Exception {
    AbstractServingTest.startMesh();
  }

  @AfterAll
  static void stopMesh() {
    AbstractServingTest.stopMesh();
  }

  /**
   * @return a configuration declaring the line's Jetty servlet server factory with the {@code
   *     JettyServerCustomizer} beans
   */
  protected abstract Class<?> jettyServer();

  /**
   * Spring MVC on Jetty with {@code server.ssl.bundle=nativemesh}: the caller's identity as the
   * Principal, the L7 denial with its reason, an intruder refused in the handshake (and listed),
   * and a leaf rotation taken without a restart.
   */
  @Test
  void servesMutualTlsOnJetty() throws Exception {
    Map<String, Object> p = new HashMap<>(AbstractServingTest.mesh.springProperties("web"));
    p.put("server.port", "0");
    p.put("server.address", "127.0.0.1");
    p.put("server.ssl.bundle", "nativemesh");
    p.put("management.endpoints.web.exposure.include", "health,nativemesh");
    try (ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(TestApp.class, jettyServer())
            .web(WebApplicationType.SERVLET)
            .properties(p)
            .run()) {
      String server = AbstractServingTest.webServerClass(ctx);
      assertTrue(server.contains("Jetty"), server);
      int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
      OkHttpClient http = AbstractServingTest.api.httpClient();
      try (Response r = AbstractServingTest.getEventually(http, "http://web/hello")) {
        String body = r.body().string();
        assertEquals(200, r.code(), body);
        assertTrue(body.startsWith("hello spiffe://") && body.endsWith("/svc/api"), body);
      }
      try (Response r =
          http.newCall(new Request.Builder().url("http://web/admin").build()).execute()) {
        String body = r.body().string();
        assertEquals(403, r.code(), body);
        assertTrue(body.startsWith("denied by NativeMesh intentions: "), body);
      }
      AbstractServingTest.handshakeDenialsAreListed(http, port);
    }
  }
}
