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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.server.ClusterConfig;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.test.NativeMesh;
import io.nativemesh.test.NativeMeshExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code troubleshoot cluster} against the real server: a single server, and three in-process
 * cluster servers of which first one and then two are stopped.
 */
class TroubleshootClusterTest {
  /** Every port {@link #freePort()} handed out in this process. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  @RegisterExtension NativeMeshExtension ext = NativeMeshExtension.builder().build();

  private static void contains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), "expected '" + needle + "' in: " + haystack);
  }

  @Test
  void aSingleServerLeadsAndToleratesNoFailure(NativeMesh mesh) {
    CliRun r = CliRun.json(mesh, "troubleshoot", "cluster");
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals("pass", r.status("leader"));
    assertEquals("pass", r.status("server "));
    contains(r.message("server "), "leader, alive");
    assertEquals("info", r.status("failure tolerance"));
    contains(r.message("failure tolerance"), "a single server: it tolerates no failure");
  }

  @Test
  void stoppedServersAreNamedAndTheToleranceFollows(@TempDir Path dir) throws Exception {
    int n = 3;
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      ports[i] = freePort();
    }
    ConsulServer[] servers = new ConsulServer[n];
    try {
      for (int i = 0; i < n; i++) {
        List<String> join = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          if (j != i) {
            join.add("127.0.0.1:" + ports[j]);
          }
        }
        servers[i] =
            ConsulServer.start(
                ServerConfig.builder()
                    .nodeName("s" + (i + 1))
                    .dataDir(dir.resolve("s" + (i + 1)))
                    .httpPort(0)
                    .cluster(
                        ClusterConfig.of(n, "127.0.0.1", ports[i], join)
                            .withElectionTimeout(Duration.ofMillis(400), Duration.ofMillis(800))
                            .withWriteTimeout(
                                Duration.ofSeconds(3), ClusterConfig.DEFAULT_SNAPSHOT_THRESHOLD))
                    .build());
      }
      List<String> urls = new ArrayList<>();
      for (ConsulServer s : servers) {
        urls.add(s.httpUrl());
      }
      Map<String, String> env = Map.of("CONSUL_HTTP_ADDR", String.join(",", urls));

      // each phase retries the whole report until it holds: elections on a loaded machine move the
      // leader between two reads
      CliRun healthy =
          await(
              env,
              r -> {
                assertEquals(0, r.status());
                assertEquals("pass", r.status("leader"));
                for (int i = 1; i <= n; i++) {
                  assertEquals("pass", r.status("server s" + i));
                }
                contains(r.message("failure tolerance"), "3 of 3 voters alive, quorum 2");
                contains(r.message("failure tolerance"), "tolerates 1 more failed server");
                for (String u : urls) {
                  assertEquals("pass", r.status("address " + u));
                }
              });

      // stop a follower: the leader stops hearing from it
      int follower = -1;
      String leader = healthy.message("leader").substring("leader at ".length());
      for (int i = 0; i < n && follower < 0; i++) {
        if (!leader.equals("127.0.0.1:" + ports[i])) {
          follower = i;
        }
      }
      String stoppedUrl = urls.get(follower);
      // the stopped server is named as the others learned it (its node name, or its Raft ID if
      // the name had not reached them yet): its step is found by ID
      String stoppedId = "127.0.0.1_" + ports[follower];
      servers[follower].close();
      servers[follower] = null;
      await(
          env,
          r -> {
            assertEquals(1, r.status());
            assertEquals("pass", r.status("leader"));
            JsonNode stopped = serverStep(r, stoppedId);
            assertEquals("fail", stopped.get("status").asText());
            contains(stopped.get("message").asText(), "FAILED");
            contains(
                stopped.get("message").asText(), "DELETE /v1/operator/raft/peer?id=" + stoppedId);
            assertEquals("warn", r.status("failure tolerance"));
            contains(r.message("failure tolerance"), "2 of 3 voters alive, quorum 2");
            contains(r.message("failure tolerance"), "one more failed server stops writes");
            assertEquals("warn", r.status("address " + stoppedUrl));
            contains(r.message("address " + stoppedUrl), "unreachable");
          });

      // stop the leader too: the last server is a minority
      for (int i = 0; i < n; i++) {
        if (servers[i] != null && leader.equals("127.0.0.1:" + ports[i])) {
          servers[i].close();
          servers[i] = null;
        }
      }
      await(
          env,
          r -> {
            assertEquals(1, r.status());
            assertEquals("fail", r.status("leader"));
            contains(r.message("leader"), "no cluster leader");
            assertEquals("fail", r.status("failure tolerance"));
            contains(r.message("failure tolerance"), "1 of 3 voters alive, quorum 2");
          });
      CliRun text = CliRun.run(env, "troubleshoot", "cluster");
      contains(text.out(), "✗ leader: no cluster leader");
    } finally {
      for (ConsulServer s : servers) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  /** The {@code server ...} step whose Raft ID is {@code id}. */
  private static JsonNode serverStep(CliRun r, String id) {
    for (JsonNode s : r.report().get("steps")) {
      JsonNode d = s.get("details").get("id");
      if (s.get("check").asText().startsWith("server ") && d != null && d.asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no server step with id " + id + " in " + r.out());
  }

  /**
   * Runs the command until {@code holds} accepts its JSON report (the cluster settles in seconds),
   * at most 30 s; then fails with the last assertion and report.
   */
  private static CliRun await(Map<String, String> env, Consumer<CliRun> holds)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CliRun r;
    AssertionError last;
    do {
      r = CliRun.run(env, "troubleshoot", "cluster", "-format=json");
      try {
        assertEquals("", r.err());
        holds.accept(r);
        return r;
      } catch (AssertionError notYet) {
        last = notYet;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "the report never settled (" + last.getMessage() + "): " + r.out(), last);
  }

  /**
   * A free loopback port that this process never handed out before: the kernel may offer a port
   * again once its probe socket is closed, and two servers given one port fail to start (the
   * greeter demo once gave s1 and s3 the same HTTP port).
   */
  private static int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (HANDED_OUT.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no loopback port not handed out already in 100 attempts");
  }
}
