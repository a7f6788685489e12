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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.nativemesh.MeshService;
import io.nativemesh.test.MeshTest;
import io.nativemesh.test.NativeMesh;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit with vertx-junit5: {@link VertxExtension} gives the test its {@link Vertx} and {@link
 * VertxTestContext}, {@link MeshTest} its mesh. A {@link VertxMesh} service ({@code name})
 * registers with the testkit's server, another ({@code greeter}) calls it through the mesh by name;
 * the testkit's {@code denyCaller} then turns greeter away once name's intention watch delivers it.
 */
@ExtendWith(VertxExtension.class)
@MeshTest
class TestkitVertxTest {
  VertxMesh service(Vertx vertx, NativeMesh mesh, String name) {
    VertxMesh m =
        VertxMesh.create(
            vertx,
            MeshService.builder(name)
                .consul(mesh.client(mesh.managementToken()))
                .checkTtl(Duration.ofSeconds(2))
                .resolveTimeout(Duration.ofSeconds(5)));
    VertxFixture.await(m.ready(Duration.ofSeconds(20)));
    return m;
  }

  @Test
  void vertxServicesOnTheTestkitMesh(Vertx vertx, VertxTestContext test, NativeMesh mesh)
      throws Exception {
    try (VertxMesh name = service(vertx, mesh, "name");
        VertxMesh greeter = service(vertx, mesh, "greeter")) {
      HttpServer http =
          VertxFixture.await(
              vertx
                  .createHttpServer(name.httpServerOptions())
                  .requestHandler(r -> r.response().end("hello"))
                  .listen(0, "127.0.0.1"));
      name.renewSessionsOf(http);
      VertxFixture.await(name.register(http.actualPort()));
      mesh.allow("greeter", "name");

      HttpClient client = greeter.httpClient();
      assertEquals("200 hello", VertxMeshTest.firstGet(client, "name", "/hi"));

      // the fault: name's intention watch delivers the deny, new connections are refused
      mesh.faults().denyCaller("greeter", "name");
      Throwable refused = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (refused == null && System.nanoTime() < deadline) {
        HttpClient fresh = greeter.httpClient(); // a new pool: a new handshake
        refused = VertxFixture.failure(VertxMeshTest.get(fresh, "name", "/hi"));
        VertxFixture.await(fresh.close());
        if (refused == null) {
          Thread.sleep(100);
        }
      }
      assertNotNull(refused, "greeter still reaches name after denyCaller");
      VertxFixture.await(http.close());
    }
    test.completeNow();
  }
}
