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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.MeshService;
import io.nativemesh.test.FakeUpstream;
import io.nativemesh.test.MeshTest;
import io.nativemesh.test.NativeMesh;
import java.time.Duration;
import java.util.concurrent.Callable;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.client.RestClient;

/**
 * The testkit with {@code @SpringBootTest}: a real Spring Boot service ({@code web}, embedded
 * Tomcat on a random port, {@code server.ssl.bundle=nativemesh}) whose test sets no address and no
 * token, yet registers with the testkit's server ({@link MeshTest}, one per class: its address and
 * management token reach the starter through the testkit's Spring test context customizer). A
 * plain-SDK caller reaches it over mTLS by name; it calls a testkit {@link FakeUpstream} by name
 * through its RestClient; the testkit's {@code denyCaller} fault then makes the upstream refuse it.
 * Each Boot line's module runs it.
 */
@SpringBootTest(
    classes = TestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=web",
      "server.address=127.0.0.1",
      "server.ssl.bundle=nativemesh",
      "nativemesh.ready-timeout=20s",
      "nativemesh.registration.check-ttl=2s"
    })
@MeshTest
public abstract class AbstractTestkitTest {
  @Autowired MeshRegistration registration;
  @Autowired RestClient.Builder restClient;

  @Value("${local.server.port}")
  int port;

  @Value("${nativemesh.consul.address}")
  String address;

  /** Retries {@code call} until it answers (the first TTL heartbeat, the catalog watch). */
  static <T> T eventually(Callable<T> call) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        return call.call();
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void theStarterRunsOnTheTestkitMeshWithoutProperties(NativeMesh mesh) throws Exception {
    assertEquals(mesh.address(), address, "the starter's address is the testkit's");
    assertEquals("web-" + port, registration.instanceId());

    // a plain-SDK caller reaches the Spring service by name over mTLS, as itself
    mesh.allow("api", "web");
    try (MeshService api =
        MeshService.builder("api")
            .consul(mesh.client(mesh.managementToken()))
            .resolveTimeout(Duration.ofSeconds(5))
            .build()) {
      api.awaitReady(Duration.ofSeconds(20));
      String hello =
          eventually(
              () -> {
                try (Response r =
                    api.httpClient()
                        .newCall(new Request.Builder().url("http://web/hello").build())
                        .execute()) {
                  assertEquals(200, r.code());
                  return r.body().string();
                }
              });
      assertTrue(hello.startsWith("hello spiffe://") && hello.endsWith("/svc/api"), hello);
    }

    // the Spring service calls a testkit fake upstream by name through its RestClient
    FakeUpstream payments = mesh.upstream("payments").start();
    mesh.allow("web", "payments");
    RestClient rc = restClient.build();
    String paid =
        eventually(() -> rc.get().uri("http://payments/pay").retrieve().body(String.class)).trim();
    assertTrue(paid.startsWith(payments.id() + " as spiffe://"), paid);
    assertTrue(paid.contains("/svc/payments to spiffe://") && paid.endsWith("/svc/web"), paid);

    // a fault helper: web denied billing (allowed until now), billing's fake instance refuses it
    // in the handshake (on a new connection: a pooled keep-alive connection is not cut)
    FakeUpstream billing = mesh.upstream("billing").start();
    mesh.allow("web", "billing");
    mesh.faults().denyCaller("web", "billing");
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (billing.refusals().isEmpty() && System.nanoTime() < deadline) {
      // fails until web resolves billing, then in the handshake
      assertThrows(
          Exception.class, () -> rc.get().uri("http://billing/pay").retrieve().body(String.class));
      Thread.sleep(100);
    }
    assertFalse(billing.refusals().isEmpty(), "billing never refused web");
    assertEquals(0, billing.requestsServed());
    assertEquals(1, payments.requestsServed());
  }
}
