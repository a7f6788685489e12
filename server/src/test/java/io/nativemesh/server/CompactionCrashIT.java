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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.server.internal.storage.MvStoreLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests beyond one random SIGKILL (issue 18): a child server takes continuous overwrites of 2
 * KiB values, so its store crosses the compaction threshold every second or so and snapshots
 * (rewrites of the store, see {@link MvStoreLog}) run all the time; it is killed with SIGKILL at
 * random moments, several rounds on one data directory. After each kill the server starts (the
 * high-water mark is satisfied: no rollback), every acknowledged write is there (a key holds its
 * last acknowledged value or a later one), and no {@code .compacting} file is left behind.
 */
class CompactionCrashIT {
  private static final int WRITERS = 6;
  private static final int KEYS_PER_WRITER = 20;

  @Test
  void killsDuringContinuousCompactionLoseNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
    Random random = new Random();
    String big = "x".repeat(2048);
    Map<String, Integer> acked = new ConcurrentHashMap<>();
    AtomicInteger counter = new AtomicInteger();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    long maxSize = 0;
    for (int round = 0; round < 3; round++) {
      int port = TestPorts.free();
      Process child = DurabilityIT.startChild(dir, port);
      try {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          pool.execute(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  String key = "c/w" + writer + "/k" + (i % KEYS_PER_WRITER);
                  int n = counter.incrementAndGet();
                  try {
                    HttpResponse<String> r =
                        client.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/v1/kv/" + key))
                                .timeout(Duration.ofSeconds(5))
                                .PUT(HttpRequest.BodyPublishers.ofString(n + ":" + big))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().equals("true")) {
                      acked.merge(key, n, Math::max); // one writer per key: increasing
                    }
                  } catch (IOException | InterruptedException e) {
                    return; // the server died
                  }
                }
              });
        }
        Thread.sleep(1500 + random.nextInt(2500));
        DurabilityIT.killAndStopWriters(child, stop, pool);
      } finally {
        child.destroyForcibly();
      }
      maxSize = Math.max(maxSize, Files.size(dir.resolve(MvStoreLog.FILE)));
      try (TestServer s =
          new TestServer(ServerConfig.builder().dev(true).nodeName("crash").dataDir(dir))) {
        assertFalse(Files.exists(dir.resolve(MvStoreLog.COMPACTING)));
        JsonNode all = TestServer.json(s.get("/v1/kv/c/?recurse"));
        Map<String, Integer> present = new ConcurrentHashMap<>();
        for (JsonNode e : all) {
          String v =
              new String(
                  Base64.getDecoder().decode(e.get("Value").asText()), StandardCharsets.UTF_8);
          present.put(e.get("Key").asText(), Integer.parseInt(v.substring(0, v.indexOf(':'))));
        }
        List<String> lost = new ArrayList<>();
        acked.forEach(
            (k, n) -> {
              Integer p = present.get(k);
              if (p == null || p < n) {
                lost.add(k + " acked " + n + " found " + p);
              }
            });
        assertEquals(List.of(), lost, "round " + round + ": acknowledged writes lost");
      }
    }
    assertTrue(counter.get() > 1000, "too few writes to cross the compaction threshold");
    // 120 live keys of 2 KiB: without compaction thousands of overwrites grew the file past 30 MB
    assertTrue(maxSize < 40L << 20, "store size " + maxSize);
    System.out.printf(
        "%d writes in 3 killed rounds; largest store %d bytes%n", counter.get(), maxSize);
  }
}
