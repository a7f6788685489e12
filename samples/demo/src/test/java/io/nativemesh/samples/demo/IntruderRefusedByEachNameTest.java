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
package io.nativemesh.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.samples.greeter.IntruderClient;
import io.nativemesh.samples.greeter.WordService;
import io.nativemesh.samples.vertxname.VertxNameService;
import io.nativemesh.test.MeshTest;
import io.nativemesh.test.NativeMesh;
import io.nativemesh.vertx.VertxMesh;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the demo prints for its intruder and {@code name}: both name instances — {@code name-1} on
 * the plain SDK and {@code name-2} on Vert.x (samples/vertx-name) — refuse the intruder (a valid
 * mesh certificate, no intention) in the handshake, each explained by the deciding rule.
 */
@MeshTest
class IntruderRefusedByEachNameTest {

  @Test
  void bothNameInstancesRefuseTheIntruder(NativeMesh mesh) throws Exception {
    mesh.allow("greeter", "name");
    ConsulClient consul = mesh.client();
    Vertx vertx = Vertx.vertx();
    try (WordService name1 = new WordService(consul, "name", "name-1", 0, WordService.NAMES);
        VertxMesh name2 = VertxMesh.create(vertx, MeshService.builder("name").consul(consul))) {
      VertxNameService.serve(vertx, name2, "name-2", 0)
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      // both instances pass once their first TTL heartbeat arrived
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<String> lines = IntruderClient.tryEachInstance(consul, "name");
      while (lines.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        lines = IntruderClient.tryEachInstance(consul, "name");
      }
      assertEquals(2, lines.size(), "one line per name instance: " + lines);
      for (String instance : List.of("name-1", "name-2")) {
        String line =
            lines.stream().filter(l -> l.startsWith(instance + ": ")).findFirst().orElseThrow();
        System.out.println("[demo] intruder -> " + line);
        assertTrue(
            line.startsWith(instance + ": refused: ")
                && line.contains(
                    "No intention matches intruder => name; default intention policy is deny"),
            line);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
