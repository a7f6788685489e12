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

import io.nativemesh.MeshService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Spring Security names mesh callers: a real Spring service ({@code web}) on Tomcat and on Reactor
 * Netty whose Security rules allow {@code /admin} only to the authority {@code
 * MESH_SERVICE_greeter} and everything else to {@code ROLE_MESH_PEER}. Both {@code greeter} and
 * {@code api} have an intention to {@code web}, so both pass the handshake and the L7 filter;
 * {@code greeter} reads {@code /admin} (the {@code Principal} is its {@link MeshAuthentication}),
 * {@code api} is refused there by Spring Security and still served {@code /hello}. Each Boot line's
 * module runs it.
 */
public abstract class AbstractSecurityTest {
  static MeshTestServer mesh;
  static MeshService greeter;
  static MeshService api;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshTestServer(Duration.ofMinutes(10));
    mesh.allow("greeter", "web");
    mesh.allow("api", "web");
    greeter = mesh.service("greeter");
    api = mesh.service("api");
  }

  @AfterAll
  static void stopMesh() {
    mesh.close();
  }

  /**
   * @return the line's Reactor Netty server factory configuration
   */
  protected abstract Class<?> reactorNettyServer();

  /** The servlet rules. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebSecurity
  public static class ServletRules {
    @Bean
    SecurityFilterChain rules(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              a ->
                  a.requestMatchers("/admin")
                      .hasAuthority(MeshAuthentication.serviceAuthority("greeter"))
                      .anyRequest()
                      .hasRole("MESH_PEER"))
          .build();
    }
  }

  /** The same rules on WebFlux. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebFluxSecurity
  public static class ReactiveRules {
    @Bean
    SecurityWebFilterChain rules(ServerHttpSecurity http) {
      return http.authorizeExchange(
              a ->
                  a.pathMatchers("/admin")
                      .hasAuthority(MeshAuthentication.serviceAuthority("greeter"))
                      .anyExchange()
                      .hasRole("MESH_PEER"))
          .build();
    }
  }

  private ConfigurableApplicationContext startWeb(WebApplicationType type) {
    Map<String, Object> p = new HashMap<>(mesh.springProperties("web"));
    p.put("server.port", "0");
    p.put("server.address", "127.0.0.1");
    p.put("server.ssl.bundle", "nativemesh");
    SpringApplicationBuilder app = new SpringApplicationBuilder(TestApp.class);
    if (type == WebApplicationType.REACTIVE) {
      app.sources(reactorNettyServer(), ReactiveRules.class);
    } else {
      app.sources(ServletRules.class);
    }
    return app.web(type).properties(p).run();
  }

  private static Response get(MeshService caller, String url) throws Exception {
    return AbstractServingTest.getEventually(caller.httpClient(), url);
  }

  @ParameterizedTest
  @EnumSource(
      value = WebApplicationType.class,
      names = {"SERVLET", "REACTIVE"})
  void securityRulesNameMeshCallers(WebApplicationType type) throws Exception {
    try (ConfigurableApplicationContext ctx = startWeb(type)) {
      try (Response r = get(greeter, "http://web/admin")) {
        String body = r.body().string();
        assertEquals(200, r.code(), body);
        assertTrue(body.startsWith("admin spiffe://") && body.endsWith("/svc/greeter"), body);
      }
      // api's own watch of web may not have seen the instance pass yet: wait as for greeter
      try (Response r = get(api, "http://web/admin")) {
        String body = r.body().string();
        assertEquals(403, r.code(), body);
        // refused by Spring Security, not by the intentions (api => web allows every path)
        assertTrue(!body.contains("denied by NativeMesh intentions"), body);
      }
      try (Response r =
          api.httpClient()
              .newCall(new Request.Builder().url("http://web/hello").build())
              .execute()) {
        String body = r.body().string();
        assertEquals(200, r.code(), body);
        assertTrue(body.endsWith("/svc/api"), body);
      }
    }
  }
}
