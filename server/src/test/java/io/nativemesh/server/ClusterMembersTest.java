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

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consul API: /v1/agent/members on every server lists all servers by node name with a truthful
 * Status.
 */
class ClusterMembersTest {
  @TempDir Path dir;

  /** Member status by replication port, as server {@code i} reports it. */
  private static Map<Integer, Integer> members(TestCluster c, int i) {
    Map<Integer, Integer> out = new HashMap<>();
    for (JsonNode m : TestServer.json(c.server(i).get("/v1/agent/members"))) {
      out.put(m.get("Port").asInt(), m.get("Status").asInt());
    }
    return out;
  }

  /** Member names as server {@code i} lists them, and its Raft configuration's names. */
  private static Set<String> names(TestCluster c, int i) {
    Set<String> out = new TreeSet<>();
    for (JsonNode m : TestServer.json(c.server(i).get("/v1/agent/members"))) {
      out.add("member " + m.get("Name").asText());
    }
    JsonNode conf = TestServer.json(c.server(i).get("/v1/operator/raft/configuration"));
    for (JsonNode s : conf.get("Servers")) {
      out.add("raft " + s.get("Node").asText());
    }
    return out;
  }

  @Test
  void everyServerListsEveryServerByItsNodeName() {
    try (TestCluster c = TestCluster.start(dir, 3)) {
      Set<String> expected =
          new TreeSet<>(
              List.of("member s1", "member s2", "member s3", "raft s1", "raft s2", "raft s3"));
      for (int i = 0; i < 3; i++) {
        int s = i;
        // the followers tell the leader their names at the leader change and every 10 s
        TestCluster.await(() -> names(c, s).equals(expected), "every name on server " + s);
      }
    }
  }

  private static int port(TestCluster c, int i) {
    return Integer.parseInt(c.node(i).selfId().substring(c.node(i).selfId().lastIndexOf('_') + 1));
  }

  @Test
  void aStoppedServerIsFailedOnEveryOtherServerAndAliveAgainAfterItsRestart() {
    try (TestCluster c = TestCluster.start(dir, 3)) {
      int[] ports = new int[3];
      Map<Integer, Integer> allAlive = new HashMap<>();
      for (int i = 0; i < 3; i++) {
        ports[i] = port(c, i);
        allAlive.put(ports[i], 1);
      }
      for (int i = 0; i < 3; i++) {
        int s = i;
        TestCluster.await(() -> members(c, s).equals(allAlive), "all alive on server " + s);
      }
      int leader = c.awaitLeader();
      int down = c.follower();
      int up = 3 - leader - down;
      c.stop(down);
      Map<Integer, Integer> oneFailed = new HashMap<>(allAlive);
      oneFailed.put(ports[down], 4);
      for (int s : new int[] {leader, up}) {
        TestCluster.await(
            () -> members(c, s).equals(oneFailed),
            "server " + s + " to see the stopped one failed");
      }
      assertEquals(3, members(c, up).size());
      c.restart(down);
      for (int i = 0; i < 3; i++) {
        int s = i;
        TestCluster.await(() -> members(c, s).equals(allAlive), "all alive again on server " + s);
      }
    }
  }
}
