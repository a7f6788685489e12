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
package io.nativemesh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.server.internal.http.ConsulJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged writes survive restarts and SIGKILL; the index and the CA never go backwards. */
class DurabilityIT {

  @Test
  void restartRestoresKvSessionsCatalogIntentionsAndCa(@TempDir Path dir) throws Exception {
    ServerConfig.Builder cfg = ServerConfig.builder().dev(true).nodeName("n").dataDir(dir);
    String session;
    String activeRoot;
    String trustDomain;
    long index;
    long serial;
    try (TestServer s = new TestServer(cfg)) {
      s.put("/v1/kv/a", "1");
      session =
          TestServer.json(s.put("/v1/session/create", "{\"TTL\":\"60s\"}")).get("ID").asText();
      assertEquals("true", s.put("/v1/kv/lock?acquire=" + session, "x").body());
      assertEquals(
          200,
          s.put(
                  "/v1/agent/service/register",
                  "{\"Name\":\"web\",\"Port\":80,\"Check\":{\"TTL\":\"30s\"}}")
              .statusCode());
      assertEquals(
          200,
          s.put("/v1/connect/intentions/exact?source=web&destination=db", "{\"Action\":\"deny\"}")
              .statusCode());
      assertEquals(
          200,
          s.put("/v1/connect/ca/configuration", "{\"Provider\":\"consul\",\"Config\":{}}")
              .statusCode());
      IssuedCert leaf =
          ConsulJson.mapper()
              .readValue(s.get("/v1/agent/connect/ca/leaf/web").body(), IssuedCert.class);
      serial = Long.parseLong(leaf.serialNumber().replace(":", ""), 16);
      CaRoots roots =
          ConsulJson.mapper().readValue(s.get("/v1/connect/ca/roots").body(), CaRoots.class);
      activeRoot = roots.activeRootId();
      trustDomain = roots.trustDomain();
      index = TestServer.index(s.get("/v1/kv/a"));
    }
    try (TestServer s = new TestServer(cfg)) {
      assertEquals("1", s.get("/v1/kv/a?raw").body());
      JsonNode lock = TestServer.json(s.get("/v1/kv/lock")).get(0);
      assertEquals(session, lock.get("Session").asText());
      assertEquals(1, TestServer.json(s.get("/v1/session/info/" + session)).size());
      assertEquals(1, TestServer.json(s.get("/v1/health/service/web")).size());
      assertEquals(
          "deny",
          TestServer.json(s.get("/v1/connect/intentions/exact?source=web&destination=db"))
              .get("Action")
              .asText());
      CaRoots roots =
          ConsulJson.mapper().readValue(s.get("/v1/connect/ca/roots").body(), CaRoots.class);
      assertEquals(activeRoot, roots.activeRootId(), "same CA root");
      assertEquals(trustDomain, roots.trustDomain());
      assertEquals(2, roots.roots().size());
      IssuedCert leaf =
          ConsulJson.mapper()
              .readValue(s.get("/v1/agent/connect/ca/leaf/web").body(), IssuedCert.class);
      assertTrue(
          Long.parseLong(leaf.serialNumber().replace(":", ""), 16) > serial,
          "serial counter never goes back");
      s.put("/v1/kv/b", "2");
      assertTrue(TestServer.index(s.get("/v1/kv/b")) > index, "index never goes back");
    }
  }

  /**
   * A child JVM takes concurrent KV writes and is killed with SIGKILL at a random moment; after a
   * restart every write that was acknowledged (HTTP 200 {@code true}) is present.
   */
  @Test
  void sigkillLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
    Random random = new Random();
    int port = TestPorts.free();
    Process child = startChild(dir, port);
    Map<String, String> acked = new ConcurrentHashMap<>();
    long indexBefore;
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    try {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int w = 0; w < 8; w++) {
        int writer = w;
        pool.execute(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                String key = "crash/w" + writer + "/k" + i;
                String value = "v" + i;
                try {
                  HttpResponse<String> r =
                      client.send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + port + "/v1/kv/" + key))
                              .timeout(Duration.ofSeconds(5))
                              .PUT(HttpRequest.BodyPublishers.ofString(value))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() == 200 && r.body().equals("true")) {
                    acked.put(key, value);
                  }
                } catch (IOException | InterruptedException e) {
                  return; // the server died
                }
              }
            });
      }
      Thread.sleep(800 + random.nextInt(1500));
      indexBefore = kvIndex(client, port);
      killAndStopWriters(child, stop, pool);
    } finally {
      child.destroyForcibly();
    }
    assertTrue(acked.size() > 50, "too few writes before the kill: " + acked.size());
    try (TestServer s =
        new TestServer(ServerConfig.builder().dev(true).nodeName("crash").dataDir(dir))) {
      List<String> missing = new ArrayList<>();
      JsonNode all = TestServer.json(s.get("/v1/kv/crash/?recurse"));
      Map<String, String> present = new HashMap<>();
      for (JsonNode e : all) {
        present.put(
            e.get("Key").asText(),
            new String(
                Base64.getDecoder().decode(e.get("Value").asText()), StandardCharsets.UTF_8));
      }
      acked.forEach(
          (k, v) -> {
            if (!v.equals(present.get(k))) {
              missing.add(k);
            }
          });
      assertEquals(List.of(), missing, "acknowledged writes lost (of " + acked.size() + ")");
      assertTrue(
          TestServer.index(s.get("/v1/kv/crash/?recurse")) >= indexBefore, "index went backwards");
    }
  }

  private static long kvIndex(HttpClient client, int port) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/kv/crash/?keys"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Long.parseLong(r.headers().firstValue("X-Consul-Index").orElse("0"));
  }

  /** SIGKILLs the child, then stops the writer threads (they return once the server is gone). */
  static void killAndStopWriters(Process child, AtomicBoolean stop, ExecutorService pool)
      throws InterruptedException {
    child.destroyForcibly(); // SIGKILL
    assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    stop.set(true);
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  static Process startChild(Path dir, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.nativemesh.server.Launcher",
                "agent",
                "-data-dir",
                dir.toString(),
                "-http-port",
                Integer.toString(port),
                "-node",
                "crash",
                "-dev")
            .redirectErrorStream(true);
    Process p = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while ((line = out.readLine()) != null) {
      if (line.contains("HTTP address")) {
        break;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    if (line == null) {
      throw new AssertionError("child server did not start");
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // discard
                }
              } catch (IOException ignored) {
                // child gone
              }
            });
    drain.setDaemon(true);
    drain.start();
    return p;
  }
}
