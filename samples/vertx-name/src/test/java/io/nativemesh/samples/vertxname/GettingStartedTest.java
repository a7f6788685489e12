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
package io.nativemesh.samples.vertxname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.samples.greeter.WordService;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.vertx.MeshAddress;
import io.nativemesh.vertx.VertxMesh;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The getting-started steps of docs/vertx.md against the in-process companion server, over real
 * sockets and real mTLS: the Vert.x {@code name} service served with the mesh options, called by
 * name by a plain-SDK client and by a Vert.x client (both as {@code greeter}, allowed by an
 * intention), called again after its leaf (TTL 3 s) rotated, and {@code intruder} (a valid mesh
 * certificate, no intention) refused in the handshake.
 */
class GettingStartedTest {
  private ConsulServer server;
  private ConsulClient consul;
  private Vertx vertx;

  @BeforeEach
  void start() throws Exception {
    server =
        ConsulServer.start(
            ServerConfig.builder()
                .httpPort(0)
                .dev(true)
                .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
                .leafCertTtl(Duration.ofSeconds(3)) // short, so that the test sees a rotation
                .build());
    consul = ConsulClient.builder().address(server.httpUrl()).build();
    consul.intentions().upsertExact("greeter", "name", "allow", "getting started");
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    consul.close();
    server.close();
  }

  // tag::vertx-test[]
  @Test
  void vertxNameServedOverMtlsCalledByNameRotatesIntruderRefused() throws Exception {
    // 1. the Vert.x name service joins the mesh
    VertxMesh name = VertxMesh.create(vertx, MeshService.builder("name").consul(consul));
    VertxNameService.serve(vertx, name, "name-2", 0)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);

    // 2. a plain-SDK caller with an intention calls it by name
    try (MeshService greeter = MeshService.builder("greeter").consul(consul).build()) {
      greeter.awaitReady(Duration.ofSeconds(30));
      awaitPassing(greeter, "name");
      try (Response r =
          greeter
              .httpClient()
              .newCall(new Request.Builder().url("http://name/").build())
              .execute()) {
        assertEquals(200, r.code());
        assertName(r.body().string());
      }
    }

    // 3. a Vert.x caller with an intention calls it by name
    VertxMesh greeter = VertxMesh.create(vertx, MeshService.builder("greeter").consul(consul));
    greeter.ready(Duration.ofSeconds(30)).toCompletionStage().toCompletableFuture().get();
    awaitPassing(greeter.meshService(), "name");
    assertName(callThroughTheMesh(greeter));

    // 4. name's leaf (TTL 3 s) rotates with no restart and no updateSSLOptions; the next call is
    // served
    long generation = name.meshService().state().generation();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (name.meshService().state().generation() == generation && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(
        name.meshService().state().generation() > generation,
        "name's leaf did not rotate within 20 s");
    assertName(callThroughTheMesh(greeter));

    // 5. intruder, a valid mesh certificate but no intention, is refused in the handshake
    try (MeshService intruder = MeshService.builder("intruder").consul(consul).build()) {
      intruder.awaitReady(Duration.ofSeconds(30));
      awaitPassing(intruder, "name");
      IOException refused =
          assertThrows(
              IOException.class,
              () ->
                  intruder
                      .httpClient()
                      .newCall(new Request.Builder().url("http://name/").build())
                      .execute()
                      .close());
      assertTrue(
          String.valueOf(refused.getMessage())
              .contains("No intention matches intruder => name; default intention policy is deny"),
          refused.toString());
    }
    greeter.close();
    name.close();
  }

  // end::vertx-test[]

  private static String callThroughTheMesh(VertxMesh greeter) throws Exception {
    // tag::vertx-client[]
    HttpClient client = greeter.httpClient(); // resolves MeshAddress names over the mesh
    String answer =
        client
            .request(MeshAddress.of("name").requestOptions("/"))
            .compose(req -> req.send())
            .compose(HttpClientResponse::body)
            .map(Buffer::toString)
            // end::vertx-client[]
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return answer;
  }

  private static void assertName(String body) {
    assertTrue(
        WordService.NAMES.stream().anyMatch(n -> body.equals(n + " (name-2)")),
        "unexpected answer: " + body);
  }

  private static void awaitPassing(MeshService mesh, String upstream) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (mesh.upstreams().endpoints(upstream).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no passing instance of " + upstream + " within 30 s");
      }
      Thread.sleep(50);
    }
  }
}
