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
 * go on, and nothing acknowledged is lost: once space returns (the tmpfs is remounted larger) and
 * the server restarts, every acknowledged key is there and writes work again. Needs root to mount
 * (CI runs as root); elsewhere it is skipped, under {@code CI=true} it fails instead.
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
    try (TestServer s = new TestServer(cfg)) {
      for (int i = 0; i < 2000 && refused == null; i++) {
        HttpResponse<String> r = s.put("/v1/kv/full/k" + i, value);
        if (r.statusCode() == 200) {
          acked.add("full/k" + i);
        } else {
          refused = r;
        }
      }
      assertTrue(refused != null, "the disk never filled");
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("not durable"), refused.body());
      HttpResponse<String> later = s.put("/v1/kv/full/after", "x");
      assertEquals(503, later.statusCode(), later.body());
      assertTrue(later.body().contains("writes are refused until the server is restarted"));
      // reads go on
      assertEquals(200, s.get("/v1/kv/" + acked.get(0)).statusCode());
    }
    assertTrue(acked.size() > 10, "acknowledged before the disk filled: " + acked.size());
    assertEquals(0, run("mount", "-o", "remount,size=64m", dir.toString()));
    try (TestServer s = new TestServer(cfg)) {
      List<String> lost = new ArrayList<>();
      for (String k : acked) {
        HttpResponse<String> r = s.get("/v1/kv/" + k + "?raw");
        if (r.statusCode() != 200 || !r.body().equals(value)) {
          lost.add(k);
        }
      }
      assertEquals(List.of(), lost, "of " + acked.size() + " acknowledged");
      assertEquals(200, s.put("/v1/kv/full/after", "x").statusCode());
    }
  }
}
