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

import io.nativemesh.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The leaf is let expire (the server is stopped, so nothing renews it): the application publishes
 * {@code REFUSING_TRAFFIC}; the server comes back on the same port and data directory (same CA),
 * the SDK fetches a new leaf and the application publishes {@code ACCEPTING_TRAFFIC} again.
 */
public abstract class AbstractReadinessTest {
  private static ServerConfig.Builder config(Path dir, int port) {
    return ServerConfig.builder().leafCertTtl(Duration.ofSeconds(2)).dataDir(dir).httpPort(port);
  }

  private static void await(Supplier<ReadinessState> actual, ReadinessState expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (actual.get() != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(expected, actual.get());
  }

  @Test
  void readinessFollowsTheLeaf() throws Exception {
    Path dir = Files.createTempDirectory("nativemesh-readiness");
    io.nativemesh.server.ConsulServer server =
        io.nativemesh.server.ConsulServer.start(
            config(dir, 0).bindAddress("127.0.0.1").dev(true).build());
    int port = server.httpPort();
    Map<String, Object> p = new HashMap<>();
    p.put("spring.application.name", "web");
    p.put("nativemesh.consul.address", server.httpUrl());
    p.put("nativemesh.ready-timeout", "20s");
    try (ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(TestApp.class)
            .web(WebApplicationType.NONE)
            .properties(p)
            .run()) {
      ApplicationAvailability availability = ctx.getBean(ApplicationAvailability.class);
      await(availability::getReadinessState, ReadinessState.ACCEPTING_TRAFFIC);
      server.close();
      await(availability::getReadinessState, ReadinessState.REFUSING_TRAFFIC);
      server =
          io.nativemesh.server.ConsulServer.start(
              config(dir, port).bindAddress("127.0.0.1").dev(true).build());
      await(availability::getReadinessState, ReadinessState.ACCEPTING_TRAFFIC);
    } finally {
      server.close();
    }
  }
}
