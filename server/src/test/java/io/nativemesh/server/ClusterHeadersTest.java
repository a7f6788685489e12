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

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consul API: {@code X-Consul-KnownLeader} and {@code X-Consul-LastContact} are truthful on every
 * response of a cluster server — success or error, blocking or not — and {@code X-Consul-Index}
 * never claims an index for a request that read nothing.
 */
class ClusterHeadersTest {
  @TempDir Path dir;

  private static String known(HttpResponse<String> r) {
    return r.headers().firstValue("X-Consul-KnownLeader").orElse("(absent)");
  }

  private static long contact(HttpResponse<String> r) {
    return Long.parseLong(r.headers().firstValue("X-Consul-LastContact").orElseThrow());
  }

  @Test
  void errorsOnAFollowerAndOnAMinorityCarryTheTruth() throws Exception {
    try (TestCluster c = TestCluster.start(dir, 3)) {
      int f = c.follower();
      // a healthy follower: it knows the leader and last heard from it within the heartbeat;
      // LastContact is the real elapsed time, which is not always 0 (the heartbeat is 200 ms)
      boolean nonZero = false;
      for (int i = 0; i < 10 && !nonZero; i++) {
        for (HttpResponse<String> r :
            java.util.List.of(
                c.server(f).get("/v1/no/such/route"), // 404 before any handler
                c.server(f).put("/v1/agent/check/pass/nosuch", ""),
                c.server(f).put("/v1/kv/x?cas=notanumber", "v"))) {
          assertTrue(r.statusCode() >= 400, r.statusCode() + " " + r.body());
          assertEquals("true", known(r), r.body());
          long ms = contact(r);
          assertTrue(ms >= 0 && ms < 10_000, "LastContact " + ms);
          nonZero |= ms > 0;
        }
        Thread.sleep(37);
      }
      assertTrue(nonZero, "a follower reported LastContact 0 on every error: not measured");

      // a minority: keep one follower, stop the leader and the other follower
      int leader = c.awaitLeader();
      for (int i = 0; i < 3; i++) {
        if (i != f && i != leader) {
          c.stop(i);
        }
      }
      c.stop(leader);
      TestServer lone = c.server(f);
      TestCluster.await(
          () -> known(lone.get("/v1/kv/m?stale")).equals("false"),
          "the lone server to know it has no leader");
      HttpResponse<String> read = lone.get("/v1/kv/m"); // default mode: needs the leader
      assertEquals(500, read.statusCode(), read.body());
      assertTrue(read.body().contains("No cluster leader"), read.body());
      assertEquals("false", known(read));
      assertTrue(contact(read) > 0, "LastContact " + contact(read));
      assertTrue(
          read.headers().firstValue("X-Consul-Index").isEmpty(), "an index for a failed read");
      HttpResponse<String> notFound = lone.get("/v1/no/such/route");
      assertEquals(404, notFound.statusCode());
      assertEquals("false", known(notFound));
      assertTrue(contact(notFound) > 0);
      HttpResponse<String> bad = lone.put("/v1/kv/x?cas=notanumber", "v");
      assertEquals(400, bad.statusCode(), bad.body());
      assertEquals("false", known(bad));
      // a blocking stale read that times out: served, and just as truthful
      HttpResponse<String> stale = lone.get("/v1/kv/m?stale");
      long index = TestServer.index(stale);
      HttpResponse<String> blocked = lone.get("/v1/kv/m?stale&index=" + index + "&wait=1s");
      assertEquals(404, blocked.statusCode());
      assertEquals("false", known(blocked));
      assertEquals(index, TestServer.index(blocked), "no write happened");
      assertTrue(contact(blocked) >= contact(stale), "LastContact keeps growing without a leader");
    }
  }
}
