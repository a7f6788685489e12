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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.tls.metrics.MicrometerMeshMetrics;
import java.time.Duration;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The site's metrics how-to: a service built with Micrometer metrics reports its leaf's remaining
 * lifetime, and every handshake it verifies is counted (meter names: the site's metrics reference).
 */
class MetricsHowToTest {

  @Test
  void meshMetricsReachTheRegistry() throws Exception {
    try (ConsulServer server =
            ConsulServer.start(ServerConfig.builder().httpPort(0).dev(true).build());
        ConsulClient consul = ConsulClient.builder().address(server.httpUrl()).build()) {
      // tag::metrics[]
      MeterRegistry registry = new SimpleMeterRegistry(); // or your Prometheus/OTLP registry
      MeshService api =
          MeshService.builder("api")
              .consul(consul)
              .metrics(new MicrometerMeshMetrics(registry))
              .build();
      // end::metrics[]
      try (api;
          MeshService web = MeshService.builder("web").consul(consul).build();
          SSLServerSocket listener =
              (SSLServerSocket)
                  api.serverSslContext().getServerSocketFactory().createServerSocket(0)) {
        api.awaitReady(Duration.ofSeconds(30));
        web.awaitReady(Duration.ofSeconds(30));
        api.register("api-1", "127.0.0.1", listener.getLocalPort());
        Thread accept =
            new Thread(
                () -> {
                  try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                  } catch (Exception ignored) {
                    // the client's read below fails if this side did not answer
                  }
                });
        accept.start();
        try (SSLSocket s = web.dial("api", Duration.ofSeconds(10))) {
          assertEquals(1, s.getInputStream().read());
        }
        accept.join(10_000);

        double expiry = registry.get("nativemesh.leaf.expiry.seconds").gauge().value();
        assertTrue(expiry > 0, "leaf expiry " + expiry);
        double verified =
            registry
                .get("nativemesh.tls.peer.verifications")
                .tag("side", "server")
                .counter()
                .count();
        assertTrue(verified >= 1, "verifications " + verified);
        assertTrue(
            registry.get("nativemesh.authz.decisions").tag("result", "allow").counter().count()
                >= 1);
      }
      // a closed service's leaf is no longer reported
      assertNull(registry.find("nativemesh.leaf.expiry.seconds").gauge());
    }
  }
}
