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
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks in cluster mode: an agent's active checks run again after its server restarts (its state
 * back from the log or a snapshot), only on that agent, and a TTL check's timer follows the leader.
 */
class ClusterChecksTest {
  @TempDir Path dir;
  private HttpServer target;
  private final AtomicInteger code = new AtomicInteger(200);
  private final AtomicInteger hits = new AtomicInteger();

  @BeforeEach
  void startTarget() throws IOException {
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/health",
        ex -> {
          hits.incrementAndGet();
          ex.sendResponseHeaders(code.get(), -1);
          ex.close();
        });
    target.start();
  }

  @AfterEach
  void stopTarget() {
    target.stop(0);
  }

  private static String status(TestServer s, String id) {
    JsonNode c = TestServer.json(s.get("/v1/agent/checks")).get(id);
    return c == null ? "absent" : c.get("Status").asText();
  }

  private void registerHttpCheck(TestServer s, String id) {
    String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/health";
    assertEquals(
        200,
        s.put(
                "/v1/agent/check/register",
                "{\"ID\":\""
                    + id
                    + "\",\"Name\":\""
                    + id
                    + "\",\"HTTP\":\""
                    + url
                    + "\",\"Interval\":\"1s\",\"Timeout\":\"1s\"}")
            .statusCode());
  }

  /** Stops {@code f}, checks nobody else runs its check, and restarts it with a failing target. */
  private void restartOwnerAndExpectItsCheckToRunAgain(TestCluster c, int f, Runnable whileDown)
      throws InterruptedException {
    TestCluster.await(() -> status(c.server(f), "web").equals("passing"), "the check to pass");
    c.stop(f);
    Thread.sleep(300); // a probe in flight when the owner stopped may still land
    int before = hits.get();
    code.set(500);
    whileDown.run();
    Thread.sleep(2_500); // more than two intervals: a check run by another server would show here
    assertEquals(before, hits.get(), "only the owning agent runs its check");
    int other = c.awaitLeader();
    assertEquals("passing", status(c.server(other), "web"));
    c.restart(f);
    TestCluster.await(
        () -> status(c.server(other), "web").equals("critical"),
        "the restarted owner to run its check again");
    code.set(200);
    TestCluster.await(
        () -> status(c.server(other), "web").equals("passing"), "the check to follow the target");
  }

  @Test
  void aRestartedServerRunsItsAgentsChecksAgainFromTheLog() throws Exception {
    try (TestCluster c = TestCluster.start(dir, 3)) {
      int f = c.follower();
      registerHttpCheck(c.server(f), "web");
      restartOwnerAndExpectItsCheckToRunAgain(c, f, () -> {});
    }
  }

  @Test
  void aRestartedServerRunsItsAgentsChecksAgainFromASnapshot() throws Exception {
    try (TestCluster c = TestCluster.start(dir, 3, 20)) {
      int f = c.follower();
      registerHttpCheck(c.server(f), "web");
      restartOwnerAndExpectItsCheckToRunAgain(
          c,
          f,
          () -> {
            int leader = c.awaitLeader();
            for (int i = 0; i < 150; i++) { // far enough behind to need the leader's snapshot
              assertEquals(200, c.server(leader).put("/v1/kv/snap/" + i, "v").statusCode());
            }
          });
    }
  }

  @Test
  void aTtlCheckGoesCriticalOnceAfterTheNewLeadersTtlPlusTheWriteTimeout() throws Exception {
    try (TestCluster c = TestCluster.start(dir, 3)) {
      int f = c.follower();
      int first = c.awaitLeader();
      assertEquals(
          200,
          c.server(f)
              .put(
                  "/v1/agent/check/register",
                  "{\"ID\":\"ttl\",\"Name\":\"ttl\",\"TTL\":\"3s\",\"Status\":\"passing\"}")
              .statusCode());
      Thread.sleep(1_500); // half the TTL under the first leader
      long moved = System.nanoTime();
      assertTrue(c.node(first).stepDown(), "leadership transfer");
      // every status change seen from the follower, with when it was seen
      List<String> history = new ArrayList<>();
      long criticalAt = -1;
      long until = System.nanoTime() + 20_000_000_000L;
      while (System.nanoTime() < until) {
        String s = status(c.server(f), "ttl");
        if (history.isEmpty() || !history.get(history.size() - 1).equals(s)) {
          history.add(s);
          if (s.equals("critical") && criticalAt < 0) {
            criticalAt = System.nanoTime();
          }
        }
        if (criticalAt > 0 && System.nanoTime() - criticalAt > 4_000_000_000L) {
          break; // more than a TTL after it went critical: time enough for a second expiry
        }
        Thread.sleep(20);
      }
      assertEquals(List.of("passing", "critical"), history, "one expiry");
      long afterMoveMs = (criticalAt - moved) / 1_000_000;
      // the first leader's timer would have fired 1.5 s after the move; the new leader's fires
      // after the TTL (3 s) plus the write timeout (3 s in TestCluster), the time the followers'
      // updates may spend in their Raft clients after an election
      assertTrue(afterMoveMs >= 5_900, "critical " + afterMoveMs + " ms after the leader change");
      JsonNode check = TestServer.json(c.server(f).get("/v1/agent/checks")).get("ttl");
      assertEquals("TTL expired", check.get("Output").asText());
    }
  }
}
