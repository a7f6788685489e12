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

import static io.nativemesh.vertx.VertxFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.discovery.Endpoint;
import io.nativemesh.netty.TlsEngine;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A Vert.x client keeps calling {@code name} through the address resolver while its instances
 * appear, turn critical (maintenance), crash and disappear: it follows the catalog's blocking-query
 * answers, sends nothing to an instance once it stopped passing, and fails over to the survivor
 * after no more errors than the outlier-ejection policy allows (3 consecutive failures, plus the
 * requests already in flight).
 */
class ResolutionTest {
  private static final int LOOPS = 2;

  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

  private record Instance(VertxMesh mesh, HttpServer http, String id) {}

  private static Instance start(VertxFixture f) {
    VertxMesh m = f.mesh("name", false, TlsEngine.JDK);
    Router router = Router.router(f.vertx);
    router.route().handler(MeshAuthorizationHandler.create(m));
    HttpServer[] self = new HttpServer[1];
    router.route().handler(ctx -> ctx.response().end("name-" + self[0].actualPort()));
    self[0] =
        await(
            f.vertx
                .createHttpServer(m.httpServerOptions())
                .requestHandler(router)
                .listen(0, "127.0.0.1"));
    await(m.register(self[0].actualPort()));
    return new Instance(m, self[0], "name-" + self[0].actualPort());
  }

  private void awaitTrue(String what, BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting: "
                + what
                + "; seen "
                + seen
                + "; failures "
                + failures.size()
                + " "
                + failures.stream().limit(3).toList());
      }
      Thread.sleep(20);
    }
  }

  private int count(Instance i) {
    AtomicInteger n = seen.get(i.id());
    return n == null ? 0 : n.get();
  }

  private static boolean listed(VertxMesh client, Instance i) {
    return client.meshService().upstreams().endpoints("name").stream()
        .map(Endpoint::instanceId)
        .anyMatch(i.id()::equals);
  }

  @Test
  void clientFollowsInstancesAppearingTurningCriticalAndDisappearing() throws Exception {
    try (VertxFixture f = new VertxFixture()) {
      f.allow("greeter", "name");
      Instance a = start(f);
      Instance b = start(f);
      VertxMesh greeter = f.mesh("greeter", false, TlsEngine.JDK);
      HttpClient client = greeter.httpClient();
      VertxMeshTest.firstGet(client, "name", "/");
      awaitTrue("both instances passing", () -> listed(greeter, a) && listed(greeter, b));

      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch stopped = new CountDownLatch(LOOPS);
      for (int i = 0; i < LOOPS; i++) {
        f.vertx.runOnContext(v -> loop(client, stop, stopped));
      }
      awaitTrue("both instances answer", () -> count(a) > 10 && count(b) > 10);

      // appears
      Instance c = start(f);
      awaitTrue("the new instance answers", () -> count(c) > 10);
      assertEquals(List.of(), List.copyOf(failures), "failures while an instance appeared");

      // turns critical: maintenance mode; it keeps serving, but gets no new request once the watch
      // delivered the change
      f.consul.write(
          "PUT",
          "/v1/agent/service/maintenance/" + a.id(),
          Map.of("enable", "true", "reason", "test"),
          null,
          null);
      awaitTrue("a no longer passing", () -> !listed(greeter, a));
      Thread.sleep(200); // requests already routed to a complete
      int aAfter = count(a);
      int bc = count(b) + count(c);
      Thread.sleep(1000);
      assertEquals(aAfter, count(a), "requests reached the critical instance");
      assertTrue(count(b) + count(c) > bc + 20, "the others took the load: " + seen);
      assertEquals(List.of(), List.copyOf(failures), "failures while an instance turned critical");

      // crashes (still listed as passing until its TTL lapses): the client fails over to c after
      // at most the ejection threshold of failures plus those in flight
      await(b.http().close());
      int cBefore = count(c);
      awaitTrue("c takes all the traffic", () -> count(c) > cBefore + 50);
      int crashFailures = failures.size();
      assertTrue(
          crashFailures <= 3 + LOOPS,
          "failures beyond the ejection policy: " + List.copyOf(failures));

      // disappears: deregistered
      b.mesh().close();
      awaitTrue("b gone from the catalog", () -> !listed(greeter, b));
      int cNow = count(c);
      Thread.sleep(1000);
      assertTrue(count(c) > cNow + 20, "c serves after b left: " + seen);
      assertEquals(crashFailures, failures.size(), "failures after b left: " + failures);

      stop.set(true);
      assertTrue(stopped.await(20, TimeUnit.SECONDS));
      f.assertNoEventLoopBlocked();
    }
  }

  private void loop(HttpClient client, AtomicBoolean stop, CountDownLatch stopped) {
    if (stop.get()) {
      stopped.countDown();
      return;
    }
    VertxMeshTest.get(client, "name", "/")
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result().startsWith("200 name-")) {
                seen.computeIfAbsent(ar.result().substring(4), k -> new AtomicInteger())
                    .incrementAndGet();
              } else {
                failures.add(ar.succeeded() ? ar.result() : String.valueOf(ar.cause()));
              }
              // next turn on the event loop: a request that fails at once must not recurse
              Vertx.currentContext().runOnContext(v -> loop(client, stop, stopped));
            });
  }
}
