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
import io.nativemesh.tls.MeshState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Under load (4 client threads, a new mTLS connection per request so every request handshakes), the
 * Spring service's leaf rotates at least 10 times (2 s leaf TTL), then the CA rotates its root and
 * the service serves a leaf of the new root: zero failed requests, on Tomcat and on Reactor Netty,
 * with no restart. (The test stops before the server prunes the old root, 2 leaf TTLs after the
 * rotation: with second-long TTLs the companion server was seen not to renew leaves after that
 * prune, which is the server's matter, not the starter's.)
 */
public abstract class AbstractRotationUnderLoadTest {
  /**
   * @return a configuration declaring the line's Reactor Netty server factory
   */
  protected abstract Class<?> reactorNettyServer();

  @ParameterizedTest
  @EnumSource(
      value = WebApplicationType.class,
      names = {"SERVLET", "REACTIVE"})
  void leafAndRootRotationsUnderLoadFailNoRequest(WebApplicationType type) throws Exception {
    try (MeshTestServer mesh =
        new MeshTestServer(
            io.nativemesh.server.ServerConfig.builder()
                .leafCertTtl(Duration.ofSeconds(2))
                .caRotationStagger(Duration.ofMillis(300)))) {
      mesh.allow("api", "web");
      MeshService api = mesh.service("api");
      Map<String, Object> p = new HashMap<>(mesh.springProperties("web"));
      p.put("server.port", "0");
      p.put("server.address", "127.0.0.1");
      p.put("server.ssl.bundle", "nativemesh");
      SpringApplicationBuilder app = new SpringApplicationBuilder(TestApp.class);
      if (type == WebApplicationType.REACTIVE) {
        app.sources(reactorNettyServer());
      }
      try (ConfigurableApplicationContext ctx = app.web(type).properties(p).run()) {
        MeshService web = ctx.getBean(MeshService.class);
        OkHttpClient http =
            api.httpClient()
                .newBuilder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
        AbstractServingTest.getEventually(http, "http://web/hello").close();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
          callers.execute(
              () -> {
                while (!stop.get()) {
                  try (Response r =
                      http.newCall(new Request.Builder().url("http://web/hello").build())
                          .execute()) {
                    if (r.code() == 200) {
                      ok.incrementAndGet();
                    } else {
                      failures.add("HTTP " + r.code());
                    }
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              });
        }
        long first = web.state().generation();
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (System.nanoTime() < deadline && web.state().generation() - first < 10) {
          Thread.sleep(50);
        }
        // then the CA rotates its root: wait for a leaf from the new root, with both roots trusted
        String oldIssuer = web.state().leaf().getIssuerX500Principal().getName();
        mesh.consul.write(
            "PUT",
            "/v1/connect/ca/configuration",
            Map.of(),
            Map.of("Provider", "consul", "Config", Map.of()),
            null);
        while (System.nanoTime() < deadline
            && (web.state().leaf().getIssuerX500Principal().getName().equals(oldIssuer)
                || web.state().trust().roots().size() < 2)) {
          Thread.sleep(20);
        }
        Thread.sleep(500); // traffic on the new root's leaf
        MeshState last = web.state();
        stop.set(true);
        callers.shutdown();
        assertTrue(callers.awaitTermination(20, TimeUnit.SECONDS));
        assertTrue(
            last.generation() - first >= 10,
            "only " + (last.generation() - first) + " leaf rotations");
        assertEquals(2, last.trust().roots().size(), "the new root beside the old one");
        assertTrue(
            !last.leaf().getIssuerX500Principal().getName().equals(oldIssuer),
            "no leaf from the new root");
        assertTrue(ok.get() > 50, "requests: " + ok.get());
        assertEquals(
            0,
            failures.size(),
            failures.size() + " of " + (ok.get() + failures.size()) + ": " + failures.peek());
      }
    }
  }
}
