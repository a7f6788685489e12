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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk (issue 18): the data directory is a 2 MiB tmpfs. Writes fill it until one cannot be
 * made durable; that write and every later one are answered {@code 503} naming the failure, reads
 * go on, and nothing acknowledged is lost. Once space returns (the tmpfs is remounted larger) the
 * same server accepts writes again by itself, without a restart; a restart afterwards finds every
 * acknowledged key and none of the refused ones. Needs root to mount (CI runs as root); elsewhere
 * it is skipped, under {@code CI=true} it fails instead.
 */
class FullDiskIT {
  private Path mnt;

  private static int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
    return p.exitValue();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mnt != null) {
      run("umount", "-l", mnt.toString());
    }
  }

  @Test
  void aFullDiskIs503AndLosesNothingAcknowledged(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("mnt");
    Files.createDirectories(dir);
    int rc = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir.toString());
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(rc == 0, "cannot mount a tmpfs here (needs root)");
    }
    assertEquals(0, rc, "mount -t tmpfs (CI runs as root)");
    mnt = dir;
    ServerConfig.Builder cfg =
        ServerConfig.builder().dev(true).nodeName("full").dataDir(dir.resolve("data"));
    String value = "v".repeat(8 * 1024);
    List<String> acked = new ArrayList<>();
    HttpResponse<String> refused = null;
    List<String> refusedKeys = new ArrayList<>();
    try (TestServer s = new TestServer(cfg)) {
      for (int i = 0; i < 2000 && refused == null; i++) {
        HttpResponse<String> r = s.put("/v1/kv/full/k" + i, value);
        if (r.statusCode() == 200) {
          acked.add("full/k" + i);
        } else {
          refused = r;
          refusedKeys.add("full/k" + i);
        }
      }
      assertTrue(refused != null, "the disk never filled");
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("not durable"), refused.body());
      assertTrue(refused.body().contains("No space left on device"), refused.body());
      HttpResponse<String> later = s.put("/v1/kv/full/later", "x");
      refusedKeys.add("full/later");
      assertEquals(503, later.statusCode(), later.body());
      assertTrue(later.body().contains("can be written again"), later.body());
      assertEquals("1", later.headers().firstValue("Retry-After").orElse(null));
      // while the disk stays full the store's retries (every second) fail: still refused
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
      for (int i = 0; System.nanoTime() < until; i++) {
        HttpResponse<String> still = s.put("/v1/kv/full/still" + i, "x");
        refusedKeys.add("full/still" + i);
        assertEquals(503, still.statusCode(), still.body());
        Thread.sleep(200);
      }
      assertEquals(200, s.get("/v1/kv/" + acked.get(0)).statusCode());
      assertEquals(value, s.get("/v1/kv/" + acked.get(acked.size() - 1) + "?raw").body());

      // space returns: the same server takes writes again
      assertEquals(0, run("mount", "-o", "remount,size=64m", dir.toString()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      HttpResponse<String> after = s.put("/v1/kv/full/after", "x");
      while (after.statusCode() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        after = s.put("/v1/kv/full/after", "x");
      }
      assertEquals(200, after.statusCode(), after.body());
      for (int i = 0; i < 20; i++) {
        assertEquals(200, s.put("/v1/kv/full/more" + i, value).statusCode());
        acked.add("full/more" + i);
      }
      assertEquals(List.of(), lostOrRefused(s, acked, refusedKeys, value));
    }
    assertTrue(acked.size() > 10, "acknowledged before the disk filled: " + acked.size());
    try (TestServer s = new TestServer(cfg)) {
      assertEquals(List.of(), lostOrRefused(s, acked, refusedKeys, value));
      assertEquals("x", s.get("/v1/kv/full/after?raw").body());
      assertEquals(200, s.put("/v1/kv/full/restarted", "x").statusCode());
    }
  }

  /** Acknowledged keys that are missing or changed, and refused keys that exist. */
  private static List<String> lostOrRefused(
      TestServer s, List<String> acked, List<String> refused, String value) throws Exception {
    List<String> wrong = new ArrayList<>();
    for (String k : acked) {
      HttpResponse<String> r = s.get("/v1/kv/" + k + "?raw");
      if (r.statusCode() != 200 || !r.body().equals(value)) {
        wrong.add("lost " + k);
      }
    }
    for (String k : refused) {
      if (s.get("/v1/kv/" + k).statusCode() != 404) {
        wrong.add("refused but present " + k);
      }
    }
    return wrong;
  }
}
