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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-server cluster in-process on 127.0.0.1 (docs/cluster.md): replication, follower write
 * forwarding, the consistency modes and their headers, blocking queries on a follower, the CA
 * across servers, the status and operator endpoints. One cluster for the whole class; the tests
 * that stop servers live in {@link ClusterFailoverTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {
  @TempDir static Path dir;
  private TestCluster cluster;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(dir, 3);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  static String value(HttpResponse<String> r) {
    JsonNode v = TestServer.json(r).get(0).get("Value");
    return new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8);
  }

  @Test
  void aWriteOnAFollowerIsReplicatedAndReadableEverywhere() {
    int f = cluster.follower();
    HttpResponse<String> put = cluster.server(f).put("/v1/kv/repl/a", "one");
    assertEquals(200, put.statusCode(), put.body());
    assertEquals("true", put.body().trim());
    for (int i = 0; i < cluster.size(); i++) {
      // default mode: a read-index barrier, so the write is visible at once on every server
      HttpResponse<String> get = cluster.server(i).get("/v1/kv/repl/a");
      assertEquals(200, get.statusCode(), "server " + i + ": " + get.body());
      assertEquals("one", value(get));
      assertEquals("true", get.headers().firstValue("X-Consul-KnownLeader").orElseThrow());
    }
    // every server applied the same commands: the same index everywhere
    Set<Long> indexes = new HashSet<>();
    for (int i = 0; i < cluster.size(); i++) {
      indexes.add(TestServer.index(cluster.server(i).get("/v1/kv/repl/a?consistent")));
    }
    assertEquals(1, indexes.size(), indexes.toString());
  }

  @Test
  void staleReadsReportLastContactAndConsistentReadsSeeTheLatestWrite() {
    int leader = cluster.awaitLeader();
    int f = cluster.follower();
    assertEquals(200, cluster.server(leader).put("/v1/kv/modes/k", "v1").statusCode());
    HttpResponse<String> consistent = cluster.server(f).get("/v1/kv/modes/k?consistent");
    assertEquals(200, consistent.statusCode(), consistent.body());
    assertEquals("v1", value(consistent));
    TestCluster.await(
        () -> cluster.server(f).get("/v1/kv/modes/k?stale").statusCode() == 200, "stale read");
    HttpResponse<String> stale = cluster.server(f).get("/v1/kv/modes/k?stale");
    assertEquals("true", stale.headers().firstValue("X-Consul-KnownLeader").orElseThrow());
    long contact = Long.parseLong(stale.headers().firstValue("X-Consul-LastContact").orElseThrow());
    assertTrue(contact >= 0 && contact < 10_000, "LastContact " + contact);
    HttpResponse<String> onLeader = cluster.server(leader).get("/v1/kv/modes/k?stale");
    assertEquals("0", onLeader.headers().firstValue("X-Consul-LastContact").orElseThrow());
  }

  @Test
  void aBlockingQueryOnAFollowerWakesOnAWriteThroughTheLeader() throws Exception {
    int leader = cluster.awaitLeader();
    int f = cluster.follower();
    assertEquals(200, cluster.server(leader).put("/v1/kv/block/k", "before").statusCode());
    long index = TestServer.index(cluster.server(f).get("/v1/kv/block/k"));
    CompletableFuture<HttpResponse<String>> parked =
        CompletableFuture.supplyAsync(
            () -> cluster.server(f).get("/v1/kv/block/k?index=" + index + "&wait=20s"));
    Thread.sleep(200); // let it park; the assertion below holds either way
    assertFalse(parked.isDone(), "returned before any write");
    assertEquals(200, cluster.server(leader).put("/v1/kv/block/k", "after").statusCode());
    HttpResponse<String> woke = parked.get(15, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, woke.statusCode());
    assertEquals("after", value(woke));
    assertTrue(TestServer.index(woke) > index);
  }

  @Test
  void oneCaAcrossServersAndNoSerialIssuedTwice() {
    Set<String> rootIds = new HashSet<>();
    Set<String> serials = new HashSet<>();
    int issued = 0;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < cluster.size(); i++) {
        JsonNode roots = TestServer.json(cluster.server(i).get("/v1/connect/ca/roots"));
        rootIds.add(roots.get("ActiveRootID").asText());
        String svc = "svc" + round + "x" + i;
        HttpResponse<String> leaf = cluster.server(i).get("/v1/agent/connect/ca/leaf/" + svc);
        assertEquals(200, leaf.statusCode(), leaf.body());
        serials.add(TestServer.json(leaf).get("SerialNumber").asText());
        issued++;
      }
    }
    assertEquals(1, rootIds.size(), "active roots: " + rootIds);
    assertEquals(issued, serials.size(), "serials: " + serials);
  }

  @Test
  void statusAndOperatorEndpointsDescribeTheCluster() {
    String leader = null;
    for (int i = 0; i < cluster.size(); i++) {
      String l = TestServer.json(cluster.server(i).get("/v1/status/leader")).asText();
      assertNotEquals("", l);
      if (leader != null) {
        assertEquals(leader, l, "servers disagree on the leader");
      }
      leader = l;
      assertEquals(3, TestServer.json(cluster.server(i).get("/v1/status/peers")).size());
      assertEquals(3, TestServer.json(cluster.server(i).get("/v1/agent/members")).size());
    }
    JsonNode conf = TestServer.json(cluster.server(0).get("/v1/operator/raft/configuration"));
    assertEquals(3, conf.get("Servers").size());
    int leaders = 0;
    for (JsonNode s : conf.get("Servers")) {
      if (s.get("Leader").asBoolean()) {
        leaders++;
        assertEquals(leader, s.get("Address").asText());
      }
    }
    assertEquals(1, leaders);
    assertEquals(
        400, cluster.server(0).delete("/v1/operator/raft/peer").statusCode(), "no id/address");
    assertEquals(
        404, cluster.server(0).delete("/v1/operator/raft/peer?address=127.0.0.1:1").statusCode());
  }
}
