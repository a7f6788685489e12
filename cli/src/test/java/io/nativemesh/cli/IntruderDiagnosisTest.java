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
package io.nativemesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.test.MeshTest;
import io.nativemesh.test.NativeMesh;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The README's example: the greeter demo's {@code intruder} (a valid mesh certificate, no
 * intention) calls {@code greeting}, a real SDK service; one CLI command names why it is refused,
 * and the refusal it reports is the one the SDK's trust manager made.
 */
@MeshTest
class IntruderDiagnosisTest {
  @Test
  void troubleshootUpstreamNamesTheMissingIntentionAndTheRealRefusal(NativeMesh mesh)
      throws Exception {
    try (ConsulClient consul = mesh.client(mesh.managementToken());
        MeshService greeting = MeshService.builder("greeting").consul(consul).build();
        MeshService intruder = MeshService.builder("intruder").consul(consul).build()) {
      greeting.awaitReady(Duration.ofSeconds(20));
      HttpsServer http =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      http.setHttpsConfigurator(new HttpsConfigurator(greeting.serverSslContext()));
      http.createContext(
          "/",
          ex -> {
            byte[] b = "hello".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
          });
      http.start();
      try {
        greeting.register("greeting-1", "127.0.0.1", http.getAddress().getPort());
        intruder.awaitReady(Duration.ofSeconds(20));
        // the SDK refuses the intruder
        assertThrows(
            IOException.class,
            () -> {
              try (Response r =
                  intruder
                      .httpClient()
                      .newCall(new Request.Builder().url("http://greeting/").build())
                      .execute()) {
                r.body().string();
              }
            });

        CliRun r = CliRun.json(mesh, "troubleshoot", "upstream", "intruder", "greeting");
        assertEquals(1, r.status(), r.out() + r.err());
        assertEquals("pass", r.status("destination registered"));
        assertEquals("pass", r.status("healthy instances"));
        assertEquals("fail", r.status("intention"));
        assertTrue(
            r.message("intention")
                .contains(
                    "No intention matches intruder => greeting; default intention policy is deny"),
            r.out());
        assertEquals("pass", r.status("leaf for source"));
        assertEquals("fail", r.status("handshake greeting-1"));
        assertTrue(
            r.message("handshake greeting-1").contains("it refused our certificate"), r.out());
        assertTrue(r.detail("handshake greeting-1", "spiffeId").endsWith("/svc/greeting"));

        // allowed, the same command finds no problem
        mesh.allow("intruder", "greeting");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        CliRun ok;
        do {
          ok = CliRun.json(mesh, "troubleshoot", "upstream", "intruder", "greeting");
        } while (ok.status() != 0 && System.nanoTime() < deadline);
        assertEquals(0, ok.status(), ok.out());
      } finally {
        http.stop(0);
      }
    }
  }
}
