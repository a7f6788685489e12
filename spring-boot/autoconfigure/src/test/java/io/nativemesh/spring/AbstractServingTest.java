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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.MeshService;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A real Spring Boot service ({@code web}) on embedded Tomcat (Spring MVC) and on Reactor Netty
 * (WebFlux), served with {@code server.ssl.bundle=nativemesh}, against the companion server
 * in-process: a plain-SDK caller reaches it by name (so it registered its actual port), sees its
 * SPIFFE ID as the Principal, is denied an L7-excluded path with the reason, reads the health and
 * the endpoint; an intruder is refused at the handshake; the Spring service calls an upstream by
 * name through its RestClient / WebClient builders; closing deregisters. Each Boot line's module
 * runs it.
 */
public abstract class AbstractServingTest {
  static MeshTestServer mesh;
  static MeshService api;
  static MeshService intruder;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshTestServer(Duration.ofMinutes(10));
    mesh.allowExcept("api", "web", "/admin");
    mesh.allow("web", "name");
    mesh.serve("name", "from name");
    api = mesh.service("api");
    intruder = mesh.service("intruder");
  }

  @AfterAll
  static void stopMesh() {
    mesh.close();
  }

  /**
   * @return a configuration declaring the line's Reactor Netty server factory (with Tomcat also on
   *     the class path, Boot would otherwise pick Tomcat for WebFlux)
   */
  protected abstract Class<?> reactorNettyServer();

  /** Starts {@link TestApp} as service {@code web}. */
  ConfigurableApplicationContext startWeb(WebApplicationType type, Map<String, Object> extra) {
    Map<String, Object> p = new HashMap<>(mesh.springProperties("web"));
    p.put("server.port", "0");
    p.put("server.address", "127.0.0.1");
    p.put("server.ssl.bundle", "nativemesh");
    p.put("management.endpoints.web.exposure.include", "health,nativemesh");
    p.put("management.endpoint.health.show-details", "always");
    p.putAll(extra);
    SpringApplicationBuilder app = new SpringApplicationBuilder(TestApp.class);
    if (type == WebApplicationType.REACTIVE) {
      app.sources(reactorNettyServer());
    }
    return app.web(type).properties(p).run();
  }

  static String webServerClass(ConfigurableApplicationContext ctx) throws Exception {
    return ctx.getClass().getMethod("getWebServer").invoke(ctx).getClass().getSimpleName();
  }

  /** GETs {@code url} with {@code client}, retrying until the upstream is resolvable. */
  static Response getEventually(OkHttpClient client, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        return client.newCall(new Request.Builder().url(url).build()).execute();
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** GETs {@code /actuator/nativemesh} as api. */
  static String endpoint(OkHttpClient http) throws IOException {
    try (Response r =
        http.newCall(new Request.Builder().url("http://web/actuator/nativemesh").build())
            .execute()) {
      String body = r.body().string();
      assertEquals(200, r.code(), body);
      return body;
    }
  }

  /**
   * Refused handshakes, straight at the server's port: the intruder (a valid mesh leaf, no
   * intention) and a leaf of another mesh (another CA) named like an allowed caller. Both appear in
   * the endpoint's {@code recentDenials} with layer {@code handshake} and the reason.
   */
  static void handshakeDenialsAreListed(OkHttpClient http, int port) throws Exception {
    RawTlsClient intruderTls = new RawTlsClient(intruder, "TLSv1.3");
    assertThrows(IOException.class, () -> intruderTls.get(port, "/hello"));
    try (MeshTestServer other = new MeshTestServer(Duration.ofMinutes(10))) {
      RawTlsClient foreign = new RawTlsClient(other.service("api"), "TLSv1.3");
      assertThrows(IOException.class, () -> foreign.get(port, "/hello"));
    }
    String intruderId = intruder.state().identity().spiffeId().toString();
    String intention = "\"layer\":\"handshake\",\"peer\":\"" + intruderId + "\",\"reason\":\"";
    String certificate = "\"layer\":\"handshake\",\"peer\":\"unknown\",\"reason\":\"";
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String body = endpoint(http);
    while (!(body.contains(intention) && body.contains(certificate))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      body = endpoint(http);
    }
    assertTrue(body.contains(intention), body);
    assertTrue(body.contains(certificate), body);
  }

  /**
   * A caller allowed at L4 resumes its TLS session; once the intention flips to deny, the next
   * connection of the same client (offering the same session) is refused in the handshake, not
   * answered (a 403 would mean the resumption skipped the handshake's intention check).
   */
  static void resumedSessionIsRefusedOnceTheIntentionDenies(int port) throws Exception {
    String name = "resumer" + System.nanoTime();
    mesh.allow(name, "web");
    MeshService caller = mesh.service(name);
    RawTlsClient tls = new RawTlsClient(caller, "TLSv1.2");
    assertEquals(200, getUntilAnswered(tls, port));
    long created = tls.lastSession.getCreationTime();
    assertEquals(200, tls.get(port, "/hello"));
    assertEquals(created, tls.lastSession.getCreationTime(), "the second connection resumed");

    mesh.consul.intentions().upsertExact(name, "web", "deny", "test");
    // wait until the server has the new intentions: a client without a session is refused
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        new RawTlsClient(caller, "TLSv1.2").get(port, "/hello");
        Thread.sleep(100);
      } catch (IOException refused) {
        break;
      }
    }
    IOException e = assertThrows(IOException.class, () -> tls.get(port, "/hello"));
    assertTrue(!e.getMessage().startsWith("no HTTP answer: HTTP"), e.getMessage());
  }

  /** The first connection of a new caller: the server may not have its intention yet. */
  static int getUntilAnswered(RawTlsClient tls, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        return tls.get(port, "/hello");
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = WebApplicationType.class,
      names = {"SERVLET", "REACTIVE"})
  void servesMutualTlsFromTheBundleWithIntentionsAndThePrincipal(WebApplicationType type)
      throws Exception {
    String instance;
    try (ConfigurableApplicationContext ctx = startWeb(type, Map.of())) {
      String server = webServerClass(ctx);
      assertTrue(
          type == WebApplicationType.SERVLET ? server.contains("Tomcat") : server.contains("Netty"),
          server);
      instance = ctx.getBean(MeshRegistration.class).instanceId();
      assertEquals("web-" + ctx.getEnvironment().getProperty("local.server.port"), instance);

      OkHttpClient http = api.httpClient();
      try (Response r = getEventually(http, "http://web/hello")) {
        assertEquals(200, r.code());
        String body = r.body().string();
        assertTrue(body.startsWith("hello spiffe://"), body);
        assertTrue(body.endsWith("/svc/api"), body);
      }
      try (Response r =
          http.newCall(new Request.Builder().url("http://web/admin").build()).execute()) {
        assertEquals(403, r.code());
        String body = r.body().string();
        assertTrue(body.startsWith("denied by NativeMesh intentions: "), body);
        assertTrue(body.contains("api => web"), body);
      }
      try (Response r =
          http.newCall(new Request.Builder().url("http://web/actuator/health/nativemesh").build())
              .execute()) {
        String body = r.body().string();
        assertEquals(200, r.code(), body);
        assertTrue(body.contains("\"status\":\"UP\""), body);
        assertTrue(body.contains("leafSerial"), body);
      }
      try (Response r =
          http.newCall(new Request.Builder().url("http://web/actuator/nativemesh").build())
              .execute()) {
        String body = r.body().string();
        assertEquals(200, r.code(), body);
        assertTrue(body.contains("\"instanceId\":\"" + instance + "\""), body);
      }

      // no intention intruder => web: refused in the handshake, no HTTP answer at all
      assertThrows(
          IOException.class,
          () ->
              intruder
                  .httpClient()
                  .newCall(new Request.Builder().url("http://web/hello").build())
                  .execute()
                  .close());
      int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
      handshakeDenialsAreListed(http, port);
      resumedSessionIsRefusedOnceTheIntentionDenies(port);
      // the endpoint lists the L7 denial with its reason
      try (Response r =
          http.newCall(new Request.Builder().url("http://web/actuator/nativemesh").build())
              .execute()) {
        String body = r.body().string();
        assertEquals(200, r.code(), body);
        assertTrue(body.contains("\"layer\":\"request\""), body);
        assertTrue(body.contains("GET /admin: "), body);
      }

      // the Spring service calls an upstream by name through its builders
      WebClient.Builder wc = ctx.getBean(WebClient.Builder.class);
      assertEquals(
          "from name",
          wc.build().get().uri("http://name/x").retrieve().bodyToMono(String.class).block());
      if (type == WebApplicationType.SERVLET) {
        RestClient.Builder rc = ctx.getBean(RestClient.Builder.class);
        assertEquals(
            "from name", rc.build().get().uri("http://name/x").retrieve().body(String.class));
      }
    }
    // deregistered on shutdown: the caller's catalog watch sees no instance of web
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!api.upstreams().endpoints("web").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(api.upstreams().endpoints("web").isEmpty(), instance + " still in the catalog");
  }
}
