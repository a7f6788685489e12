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

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.vertx.internal.StallTrace;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A wait of the mesh is reported the same way whether it started on a Vert.x context or on a thread
 * outside any: an agent that accepts connections but never answers stalls {@code ready()} (no leaf)
 * and every request's first resolution of its upstream; each wait past one second is reported with
 * where it started.
 */
class StallTraceTest {

  private static void awaitLine(List<String> lines, Predicate<String> p, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (lines.stream().noneMatch(p)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no report of " + what + " in " + lines);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void waitsAreReportedInsideAndOutsideAVertxContext() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Vertx vertx = Vertx.vertx();
    try (ServerSocket silentAgent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AutoCloseable l = StallTrace.addListener(lines::add);
        ConsulClient consul =
            ConsulClient.builder()
                .address("http://127.0.0.1:" + silentAgent.getLocalPort())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        VertxMesh mesh = VertxMesh.create(vertx, MeshService.builder("web").consul(consul))) {
      HttpClient client = mesh.httpClient();
      RequestOptions toApi = new RequestOptions().setServer(MeshAddress.of("api")).setURI("/");
      RequestOptions toDb = new RequestOptions().setServer(MeshAddress.of("db")).setURI("/");

      // from this (JUnit) thread, outside any Vert.x context
      mesh.ready();
      client.request(toApi);
      // and from an event loop
      vertx.runOnContext(v -> client.request(toDb));

      awaitLine(
          lines,
          s ->
              s.startsWith("ready() of web has waited 1000 ms for the first leaf")
                  && s.contains("outside any Vert.x context"),
          "ready() outside a context");
      awaitLine(
          lines,
          s ->
              s.startsWith("request to upstream api has waited 1000 ms for the catalog's first")
                  && s.contains("thread '" + Thread.currentThread().getName() + "' outside any"),
          "the request to api from this thread");
      awaitLine(
          lines,
          s ->
              s.startsWith("request to upstream db has waited 1000 ms")
                  && s.contains("event-loop context on thread 'vert.x-eventloop-thread-"),
          "the request to db from an event loop");
      assertTrue(lines.size() >= 3, String.valueOf(lines));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
