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
package io.nativemesh.samples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The demo's companion servers when it runs a Raft cluster ({@code -servers 3}): each server a
 * process of {@code agent -server -bootstrap-expect N -retry-join ...} on its own data directory
 * under a temporary directory, and the leader killer of {@code -kill-leader-every}.
 *
 * <p>Not thread-safe except {@link #kills()}, {@link #finishKills()} and {@link #stop()}: one
 * thread starts the cluster, the killer thread kills and restarts servers.
 */
final class DemoCluster {
  /** Starts a process and registers it with the demo (so it is stopped at the end). */
  interface Spawner {
    /**
     * @param name the prefix of its output lines
     * @param args the server's arguments after the main class
     * @param replacing the dead process it replaces in the demo's list, or null
     * @return the started process
     * @throws IOException if it could not be started
     */
    Process spawn(String name, List<String> args, Process replacing) throws IOException;
  }

  /** One leader kill: which server, when (seconds after the calls began), how long to a leader. */
  record Kill(String node, double atSeconds, String newLeader, long electionMillis) {
    @Override
    public String toString() {
      return newLeader.isEmpty()
          ? String.format("%s at +%.1f s: NO new leader", node, atSeconds)
          : String.format(
              "%s at +%.1f s, new leader %s after %.1f s",
              node, atSeconds, newLeader, electionMillis / 1000.0);
    }
  }

  private static final class Node {
    final String name;
    final int httpPort;
    final int serverPort;
    final List<String> args;
    volatile Process process;

    Node(String name, int httpPort, int serverPort, List<String> args) {
      this.name = name;
      this.httpPort = httpPort;
      this.serverPort = serverPort;
      this.args = args;
    }
  }

  private final List<Node> nodes = new ArrayList<>();
  private final Path dir;
  private final Spawner spawner;
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(1))
          .readTimeout(Duration.ofSeconds(2))
          .build();
  private final List<Kill> kills = new ArrayList<>();
  private volatile boolean stopped;
  private final CountDownLatch noMoreKills = new CountDownLatch(1);

  /**
   * @param n servers (3 or 5 for a useful cluster)
   * @param serverFlags flags every server gets after the cluster flags (policy, leaf TTL)
   * @param spawner starts a process
   * @throws IOException if the temporary directory or a port could not be had
   */
  DemoCluster(int n, List<String> serverFlags, Spawner spawner) throws IOException {
    this.spawner = spawner;
    this.dir = Files.createTempDirectory("nativemesh-demo-cluster");
    int[] httpPorts = new int[n];
    int[] serverPorts = new int[n];
    for (int i = 0; i < n; i++) {
      httpPorts[i] = GreeterDemo.freePort();
      serverPorts[i] = GreeterDemo.freePort();
    }
    for (int i = 0; i < n; i++) {
      List<String> args = new ArrayList<>();
      args.addAll(
          List.of(
              "agent",
              "-server",
              "-bootstrap-expect",
              String.valueOf(n),
              "-data-dir",
              dir.resolve("s" + (i + 1)).toString(),
              "-node",
              "s" + (i + 1),
              "-http-port",
              String.valueOf(httpPorts[i]),
              "-server-port",
              String.valueOf(serverPorts[i])));
      for (int j = 0; j < n; j++) {
        if (j != i) {
          args.addAll(List.of("-retry-join", "127.0.0.1:" + serverPorts[j]));
        }
      }
      args.addAll(serverFlags);
      nodes.add(new Node("s" + (i + 1), httpPorts[i], serverPorts[i], List.copyOf(args)));
    }
  }

  /** The HTTP addresses of all servers, comma-separated (the services' CONSUL_HTTP_ADDR). */
  String addresses() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.httpPort).collect(Collectors.joining(","));
  }

  /** One line per server: name, HTTP and replication address. */
  List<String> describe() {
    return nodes.stream()
        .map(
            n ->
                n.name
                    + ": HTTP 127.0.0.1:"
                    + n.httpPort
                    + ", replication 127.0.0.1:"
                    + n.serverPort)
        .toList();
  }

  /** Starts every server. */
  void start() throws IOException {
    for (Node n : nodes) {
      n.process = spawner.spawn(n.name, n.args, null);
    }
  }

  /**
   * Waits until every running server names the same running leader.
   *
   * @return the leader's node name
   * @throws IllegalStateException past the timeout
   */
  String awaitLeader(Duration timeout) throws InterruptedException {
    Node n = awaitAgreedLeader(timeout, null);
    if (n == null) {
      throw new IllegalStateException("the servers named no common leader within " + timeout);
    }
    return n.name;
  }

  /**
   * Runs the leader killer until {@link #finishKills()} (which lets a kill in progress finish) or
   * {@link #stop()}: every {@code every}, once all servers run and agree on a leader, {@code kill
   * -9} the leader, time until the others name a new one, and restart the killed server on its data
   * directory. Prints each step.
   *
   * @param every the interval between kills
   * @param start {@link System#nanoTime()} when the calls began
   */
  void killLeaderEvery(Duration every, long start) {
    long next = start + every.toNanos();
    try {
      while (!stopped) {
        if (noMoreKills.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)
            || stopped) {
          return;
        }
        Node leader = awaitAgreedLeader(Duration.ofSeconds(60), null);
        if (noMoreKills.getCount() == 0 || stopped) {
          return;
        }
        if (leader == null) {
          GreeterDemo.say("leader killer: the servers agree on no leader; no kill");
          return;
        }
        long killedAt = System.nanoTime();
        double at = (killedAt - start) / 1e9;
        GreeterDemo.say(
            String.format(
                "kill -9 the leader %s (replication 127.0.0.1:%d, pid %d) at +%.1f s",
                leader.name, leader.serverPort, leader.process.pid(), at));
        leader.process.destroyForcibly();
        leader.process.waitFor(10, TimeUnit.SECONDS);
        Node elected = awaitAgreedLeader(Duration.ofSeconds(30), leader);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        Kill k = new Kill(leader.name, at, elected == null ? "" : elected.name, ms);
        synchronized (kills) {
          kills.add(k);
        }
        GreeterDemo.say(
            elected == null
                ? "no new leader within 30 s after killing " + leader.name
                : String.format(
                    "new leader %s named %d ms after %s was killed",
                    elected.name, ms, leader.name));
        if (stopped) {
          return;
        }
        leader.process = spawner.spawn(leader.name, leader.args, leader.process);
        GreeterDemo.say("restarted " + leader.name + " on its data directory");
        next = Math.max(next + every.toNanos(), System.nanoTime());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      GreeterDemo.say("leader killer: " + e);
    }
  }

  /** The kills so far, in order. */
  List<Kill> kills() {
    synchronized (kills) {
      return List.copyOf(kills);
    }
  }

  /** No kill starts after this; one in progress still waits for the new leader and restarts. */
  void finishKills() {
    noMoreKills.countDown();
  }

  /** Stops the killer at once (the demo is stopping its processes). */
  void stop() {
    stopped = true;
    noMoreKills.countDown();
  }

  /** Deletes the servers' data directories; call after the processes are stopped. */
  void deleteData() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      GreeterDemo.say("could not delete " + dir + ": " + e);
    }
  }

  /**
   * @param timeout how long to wait
   * @param not a server that must not be the leader (the killed one; it is not asked), or null for
   *     "every server runs and agrees"
   * @return the leader every asked server names, or null past the timeout
   */
  private Node awaitAgreedLeader(Duration timeout, Node not) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end && !stopped) {
      Set<String> seen = new HashSet<>();
      for (Node n : nodes) {
        if (n == not) {
          continue;
        }
        seen.add(n.process != null && n.process.isAlive() ? leaderSeenBy(n) : "");
      }
      if (seen.size() == 1) {
        String addr = seen.iterator().next();
        for (Node n : nodes) {
          if (n != not && addr.equals("127.0.0.1:" + n.serverPort)) {
            return n;
          }
        }
      }
      Thread.sleep(50);
    }
    return null;
  }

  private String leaderSeenBy(Node n) {
    Request req =
        new Request.Builder().url("http://127.0.0.1:" + n.httpPort + "/v1/status/leader").build();
    try (Response r = http.newCall(req).execute()) {
      return r.code() == 200 ? r.body().string().trim().replace("\"", "") : "";
    } catch (IOException e) {
      return "";
    }
  }
}
