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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nativemesh.MeshService;
import io.nativemesh.netty.TlsEngine;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With vertx-micrometer-metrics, the mesh metrics land in Vert.x's registry: a mesh call's
 * handshake verifications are counted there.
 */
class VertxMicrometerTest {

  @Test
  void meshMetricsGoToVertxMicrometerRegistry() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (VertxFixture f = new VertxFixture()) {
      f.allow("web", "web");
      Vertx vx =
          Vertx.builder()
              .with(
                  new VertxOptions()
                      .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
              .withMetrics(new MicrometerMetricsFactory(registry))
              .build();
      try (VertxMesh web =
          VertxMesh.create(
                  vx,
                  MeshService.builder("web")
                      .consul(f.consul)
                      .checkTtl(Duration.ofSeconds(2))
                      .resolveTimeout(Duration.ofSeconds(5)))
              .engine(TlsEngine.JDK)) {
        await(web.ready(Duration.ofSeconds(20)));
        HttpServer http =
            await(
                vx.createHttpServer(web.httpServerOptions())
                    .requestHandler(r -> r.response().end("ok"))
                    .listen(0, "127.0.0.1"));
        await(web.register(http.actualPort()));
        HttpClient client = web.httpClient();
        assertEquals("200 ok", VertxMeshTest.firstGet(client, "web", "/"));
        Counter serverOk =
            registry
                .find("nativemesh.tls.peer.verifications")
                .tag("side", "server")
                .tag("outcome", "ok")
                .counter();
        assertTrue(serverOk != null && serverOk.count() >= 1, registry.getMetersAsString());
      } finally {
        await(vx.close());
      }
    }
  }
}
