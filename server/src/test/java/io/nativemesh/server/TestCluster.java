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

import io.nativemesh.server.internal.cluster.ClusterNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * An in-process server cluster on 127.0.0.1 for tests: {@code n} companion servers, each with its
 * own data directory, an ephemeral HTTP port and a free replication port, short election timeouts.
 * {@link #start} returns once a leader is elected and the CA is bootstrapped. Servers can be
 * stopped and restarted with the same data directory and ports.
 */
final class TestCluster implements AutoCloseable {
  /** Election timeout lower bound in tests (the upper bound is twice it). */
  static final Duration ELECTION = Duration.ofMillis(400);

  private final List<ServerConfig.Builder> configs = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final Path dir;
  private TestServer[] servers;

  private TestCluster(Path dir, int n, long snapshotThreshold) {
    this.dir = dir;
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      ports[i] = TestPorts.free();
    }
    servers = new TestServer[n];
    for (int i = 0; i < n; i++) {
      List<String> join = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (j != i) {
          join.add("127.0.0.1:" + ports[j]);
        }
      }
      addresses.add("127.0.0.1:" + ports[i]);
      configs.add(config(i, ClusterConfig.of(n, "127.0.0.1", ports[i], join), snapshotThreshold));
    }
  }

  private ServerConfig.Builder config(int i, ClusterConfig c, long snapshotThreshold) {
    return ServerConfig.builder()
        .nodeName("s" + (i + 1))
        .dataDir(dir.resolve("s" + (i + 1)))
        .leafCertTtl(Duration.ofHours(1))
        .sessionTtlMin(Duration.ofSeconds(1))
        .cluster(
            c.withElectionTimeout(ELECTION, ELECTION.multipliedBy(2))
                .withWriteTimeout(Duration.ofSeconds(3), snapshotThreshold));
  }

  /**
   * Starts one more server that joins the running cluster (no {@code -bootstrap-expect}), seeded
   * with the replication addresses of the servers running now.
   *
   * @return its index
   */
  int join() {
    int i = servers.length;
    int port = TestPorts.free();
    List<String> seeds = new ArrayList<>();
    for (int j = 0; j < servers.length; j++) {
      if (servers[j] != null) {
        seeds.add(addresses.get(j));
      }
    }
    addresses.add("127.0.0.1:" + port);
    configs.add(
        config(
            i,
            ClusterConfig.join("127.0.0.1", port, seeds),
            ClusterConfig.DEFAULT_SNAPSHOT_THRESHOLD));
    servers = java.util.Arrays.copyOf(servers, i + 1);
    servers[i] = new TestServer(configs.get(i));
    return i;
  }

  /** The replication address of server {@code i}, {@code host:port}. */
  String address(int i) {
    return addresses.get(i);
  }

  /**
   * Starts {@code n} servers and waits for a leader and the CA root.
   *
   * @param dir a temporary directory (one data directory per server below it)
   * @param n the number of servers (3 or 5)
   * @return the running cluster
   */
  static TestCluster start(Path dir, int n) {
    return start(dir, n, ClusterConfig.DEFAULT_SNAPSHOT_THRESHOLD);
  }

  static TestCluster start(Path dir, int n, long snapshotThreshold) {
    TestCluster c = new TestCluster(dir, n, snapshotThreshold);
    for (int i = 0; i < n; i++) {
      c.servers[i] = new TestServer(c.configs.get(i));
    }
    c.awaitLeader();
    await(
        () -> {
          for (TestServer s : c.servers) {
            if (s == null || s.server.activeRootOrNull() == null) {
              return false;
            }
          }
          return true;
        },
        "the CA root on every server");
    return c;
  }

  int size() {
    return servers.length;
  }

  /** The running server {@code i}. */
  TestServer server(int i) {
    return servers[i];
  }

  ClusterNode node(int i) {
    return servers[i].server.clusterNode();
  }

  /** Waits until a running server leads and returns its index. */
  int awaitLeader() {
    int[] found = {-1};
    await(
        () -> {
          for (int i = 0; i < servers.length; i++) {
            if (servers[i] != null && node(i).isLeader()) {
              found[0] = i;
              return true;
            }
          }
          return false;
        },
        "a leader");
    return found[0];
  }

  /** A running server that is not the leader. */
  int follower() {
    int leader = awaitLeader();
    for (int i = 0; i < servers.length; i++) {
      if (i != leader && servers[i] != null) {
        return i;
      }
    }
    throw new AssertionError("no running follower");
  }

  /** Stops server {@code i} (as a clean shutdown; its data directory stays). */
  void stop(int i) {
    servers[i].close();
    servers[i] = null;
  }

  /** Starts server {@code i} again with its data directory and replication port. */
  void restart(int i) {
    servers[i] = new TestServer(configs.get(i));
  }

  /** Polls {@code condition} for up to 30 s. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  @Override
  public void close() {
    for (int i = 0; i < servers.length; i++) {
      if (servers[i] != null) {
        stop(i);
      }
    }
  }
}
