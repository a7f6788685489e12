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
package io.nativemesh.bench;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.tls.MeshState;
import java.time.Duration;

/**
 * Real mesh material for benchmarks: a companion server in-process issues leaves for {@code web}
 * (server) and {@code api} (client) through {@link MeshService}, with an intention api → web.
 */
final class TlsMaterial implements AutoCloseable {
  final ConsulServer server;
  final ConsulClient consul;
  final MeshService web;
  final MeshService api;

  TlsMaterial() throws Exception {
    server =
        ConsulServer.start(
            ServerConfig.builder()
                .httpPort(0)
                .dev(true)
                .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
                .leafCertTtl(Duration.ofHours(24))
                .build());
    consul = ConsulClient.builder().address(server.httpUrl()).build();
    consul.intentions().upsertExact("api", "web", "allow", "benchmark");
    web = MeshService.builder("web").consul(consul).build();
    api = MeshService.builder("api").consul(consul).build();
    web.awaitReady(Duration.ofSeconds(30));
    api.awaitReady(Duration.ofSeconds(30));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (web.state().intentions().ordered().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  MeshState webState() {
    return web.state();
  }

  MeshState apiState() {
    return api.state();
  }

  @Override
  public void close() {
    web.close();
    api.close();
    consul.close();
    server.close();
  }
}
