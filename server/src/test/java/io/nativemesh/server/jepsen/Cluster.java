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
package io.nativemesh.server.jepsen;

import io.nativemesh.server.TestPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Server processes on 127.0.0.1: one durable single server, or a Raft cluster started with {@code
 * agent -server -bootstrap-expect N -server-port P -retry-join ...} as a user would.
 */
final class Cluster implements AutoCloseable {
  final List<ServerProcess> servers;
  private final KvHttp kv = new KvHttp(Duration.ofSeconds(2));

  private Cluster(List<ServerProcess> servers) {
    this.servers = List.copyOf(servers);
  }

  /** A single durable server (no {@code -dev}): the baseline, and today's deployment. */
  static Cluster single(Path dir) throws IOException {
    return new Cluster(
        List.of(new ServerProcess("s1", TestPorts.free(), 0, dir.resolve("s1"), List.of())));
  }

  /**
   * @param n servers
   * @param electionTimeout the {@code -raft-election-timeout} of each
   */
  static Cluster raft(Path dir, int n, Duration electionTimeout) throws IOException {
    int[] http = new int[n];
    int[] repl = new int[n];
    for (int i = 0; i < n; i++) {
      http[i] = TestPorts.free();
      repl[i] = TestPorts.free();
    }
    List<ServerProcess> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-server",
                  "-bootstrap-expect",
                  Integer.toString(n),
                  "-server-port",
                  Integer.toString(repl[i]),
                  "-raft-election-timeout",
                  electionTimeout.toMillis() + "ms"));
      for (int j = 0; j < n; j++) {
        if (j != i) {
          args.addAll(List.of("-retry-join", "127.0.0.1:" + repl[j]));
        }
      }
      list.add(
          new ServerProcess("s" + (i + 1), http[i], repl[i], dir.resolve("s" + (i + 1)), args));
    }
    return new Cluster(list);
  }

  void startAll() throws IOException {
    for (ServerProcess s : servers) {
      s.start();
    }
  }

  List<String> urls() {
    return servers.stream().map(ServerProcess::url).toList();
  }

  /** The leader's address as the given server reports it, "" if none or unreachable. */
  String leaderSeenBy(ServerProcess s) {
    try {
      return kv.leader(s.url());
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * Waits until every running, unpaused server names the same, running leader.
   *
   * @return that leader's process
   * @throws AssertionError past the deadline
   */
  ServerProcess awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Set<String> seen = new HashSet<>();
      for (ServerProcess s : servers) {
        if (s.isRunning() && !s.isPaused()) {
          seen.add(leaderSeenBy(s));
        }
      }
      if (seen.size() == 1) {
        String leader = seen.iterator().next();
        ServerProcess p = byAddress(leader);
        if (!leader.isEmpty() && p != null && p.isRunning() && !p.isPaused()) {
          return p;
        }
      }
      last = seen.toString();
      Thread.sleep(50);
    }
    throw new AssertionError("no agreed leader within " + timeout + " (last seen " + last + ")");
  }

  /** The process whose replication (or, for a single server, any) address this is. */
  ServerProcess byAddress(String raftAddress) {
    if (servers.size() == 1) {
      return servers.get(0);
    }
    for (ServerProcess s : servers) {
      if (raftAddress.endsWith(":" + s.serverPort)) {
        return s;
      }
    }
    return null;
  }

  @Override
  public void close() {
    for (ServerProcess s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }
}
