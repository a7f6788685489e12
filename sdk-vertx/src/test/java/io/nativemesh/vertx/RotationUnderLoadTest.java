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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.netty.TlsEngine;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Vert.x server and client under continuous load while their leaves rotate every second or two (2
 * s TTL, at least ten rotations each) and then the CA rotates to a new root (Consul API: {@code PUT
 * /v1/connect/ca/configuration}): zero failed requests, with neither a restart nor a reload. Every
 * request opens a new connection, so every one runs a handshake on the material of the moment.
 */
class RotationUnderLoadTest {
  private static final int LOOPS = 4;

  @ParameterizedTest
  @EnumSource(
      value = TlsEngine.class,
      names = {"JDK", "OPENSSL"})
  void leafAndRootRotationsUnderLoadFailNoRequest(TlsEngine engine) throws Exception {
    try (VertxFixture f =
        new VertxFixture(Duration.ofSeconds(2), b -> b.caRotationStagger(Duration.ofMillis(300)))) {
      f.allow("greeter", "name");
      VertxMesh name = f.mesh("name", true, engine);
      Router router = Router.router(f.vertx);
      router.route().handler(MeshAuthorizationHandler.create(name));
      router
          .route()
          .handler(
              ctx ->
                  ctx.response().end("hi " + MeshAuthorizationHandler.peerIdentity(ctx).service()));
      HttpServer http =
          await(
              f.vertx
                  .createHttpServer(name.httpServerOptions())
                  .requestHandler(router)
                  .listen(0, "127.0.0.1"));
      name.renewSessionsOf(http);
      await(name.register(http.actualPort()));
      VertxMesh greeter = f.mesh("greeter", false, engine);
      HttpClient client = greeter.httpClient(greeter.httpClientOptions().setKeepAlive(false), null);
      assertEquals("200 hi greeter", VertxMeshTest.firstGet(client, "name", "/"));

      AtomicLong nameGen = new AtomicLong(name.meshService().state().generation());
      AtomicLong greeterGen = new AtomicLong(greeter.meshService().state().generation());
      long n0 = nameGen.get();
      long g0 = greeterGen.get();
      f.track(name.meshService().addStateListener((p, s) -> nameGen.set(s.generation())));
      f.track(greeter.meshService().addStateListener((p, s) -> greeterGen.set(s.generation())));

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger ok = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch stopped = new CountDownLatch(LOOPS);
      for (int i = 0; i < LOOPS; i++) {
        f.vertx.runOnContext(v -> loop(client, stop, ok, failures, stopped));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline
          && (nameGen.get() - n0 < 10 || greeterGen.get() - g0 < 10)) {
        Thread.sleep(100);
      }
      assertTrue(nameGen.get() - n0 >= 10, "name rotated " + (nameGen.get() - n0) + " times");
      assertTrue(greeterGen.get() - g0 >= 10, "greeter rotated " + (greeterGen.get() - g0));

      // the CA root rotation, under the same load
      int rootsBefore = greeter.meshService().state().trust().roots().size();
      var issuerBefore = name.meshService().state().leaf().getIssuerX500Principal();
      f.consul.write(
          "PUT",
          "/v1/connect/ca/configuration",
          Map.of(),
          Map.of("Provider", "consul", "Config", Map.of()),
          null);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline
          && (greeter.meshService().state().trust().roots().size() <= rootsBefore
              || name.meshService().state().leaf().getIssuerX500Principal().equals(issuerBefore)
              || greeter
                  .meshService()
                  .state()
                  .leaf()
                  .getIssuerX500Principal()
                  .equals(issuerBefore))) {
        Thread.sleep(50);
      }
      assertNotEquals(
          issuerBefore,
          name.meshService().state().leaf().getIssuerX500Principal(),
          "name got no leaf from the new root");
      Thread.sleep(1500); // more traffic on the new root's leaves
      stop.set(true);
      assertTrue(stopped.await(20, TimeUnit.SECONDS));
      assertEquals(
          List.of(),
          List.copyOf(failures),
          "failed requests across the rotations (" + ok.get() + " ok)");
      assertTrue(ok.get() > 100, "only " + ok.get() + " requests");
      f.assertNoEventLoopBlocked(); // waits and I/O on an event loop (see VertxFixture)
    }
  }

  private static void loop(
      HttpClient client,
      AtomicBoolean stop,
      AtomicInteger ok,
      ConcurrentLinkedQueue<String> failures,
      CountDownLatch stopped) {
    if (stop.get()) {
      stopped.countDown();
      return;
    }
    VertxMeshTest.get(client, "name", "/")
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result().equals("200 hi greeter")) {
                ok.incrementAndGet();
              } else {
                failures.add(ar.succeeded() ? ar.result() : String.valueOf(ar.cause()));
              }
              // next turn on the event loop: a request that fails at once must not recurse
              Vertx.currentContext().runOnContext(v -> loop(client, stop, ok, failures, stopped));
            });
  }
}
