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
 * Replacing a failed server (docs/cluster.md, "Adding and replacing servers"): the dead server is
 * removed with {@code DELETE /v1/operator/raft/peer}, a fresh server started without {@code
 * -bootstrap-expect} joins through {@code -retry-join}, receives the whole state, and counts as a
 * voter: with it, the cluster survives losing one more of the original servers.
 */
class ClusterJoinTest {
  @TempDir Path dir;

  @Test
  void aFreshServerReplacesAFailedOneAndCountsTowardsTheQuorum() {
    try (TestCluster c = TestCluster.start(dir, 3)) {
      int leader = c.awaitLeader();
      assertEquals(200, c.server(leader).put("/v1/kv/j/before", "1").statusCode());
      int dead = c.follower();
      c.stop(dead);
      HttpResponse<String> removed =
          c.server(leader).delete("/v1/operator/raft/peer?address=" + c.address(dead));
      assertEquals(200, removed.statusCode(), removed.body());

      int fresh = c.join();
      TestCluster.await(
          () ->
              c.node(fresh).peers().stream().anyMatch(p -> p.getAddress().equals(c.address(fresh))),
          "the joining server to be in the Raft configuration");
      TestCluster.await(
          () -> c.server(fresh).get("/v1/kv/j/before?stale").statusCode() == 200,
          "the joining server to receive the state written before it joined");
      assertEquals(3, c.node(leader).peers().size(), "two original servers and the new one");
      HttpResponse<String> peers = c.server(fresh).get("/v1/status/peers");
      assertTrue(peers.body().contains(c.address(fresh)), peers.body());
      assertTrue(!peers.body().contains(c.address(dead)), peers.body());

      // the new server is a voter: losing one more original server leaves a quorum of two
      int current = c.awaitLeader();
      int other = -1;
      for (int i = 0; i < 3; i++) {
        if (i != dead && i != current) {
          other = i; // an original server that is not the leader
        }
      }
      c.stop(other);
      int now = c.awaitLeader();
      HttpResponse<String> put = c.server(now).put("/v1/kv/j/after", "2");
      assertEquals(200, put.statusCode(), put.body());
      assertEquals("2", ClusterTest.value(c.server(fresh).get("/v1/kv/j/after")));

      // restarted on its data directory, the joined server keeps its stored membership
      c.stop(fresh);
      c.restart(fresh);
      TestCluster.await(
          () -> c.server(fresh).get("/v1/kv/j/after?stale").statusCode() == 200,
          "the restarted joined server to come back with its state");
      c.awaitLeader();
      TestCluster.await(
          () -> c.server(fresh).put("/v1/kv/j/again", "3").statusCode() == 200,
          "writes through the restarted joined server");
    }
  }
}
