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
package io.nativemesh.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Raft cluster against the single server, in one run, both as separate processes started from
 * the launcher jar: durable KV writes at 64 clients (cluster clients spread over the three servers,
 * followers forwarding to the leader, and all on the leader) beside the floor of three durable
 * copies on the same machine ({@link ReplicaFloor}), {@code ?stale} reads over three servers
 * against one, and the time to a new leader over repeated {@code kill -9}s of the leader. Usage:
 * {@code ClusterBench <launcher-jar> [seconds] [kills]} (docs/benchmarks-server.md).
 */
public final class ClusterBench {
  private static final byte[] VALUE = "x".repeat(64).getBytes(StandardCharsets.US_ASCII);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /**
   * Least seconds of load before a measured window ({@code -Dbench.warmupSec}, default 30); the
   * warm-up then goes on in 5 s steps until two steps in a row agree within 10 % (at most {@code
   * -Dbench.warmupMaxSec}, default 240). Three server JVMs sharing two CPUs were still compiling
   * their hot paths minutes into a run (C2 took half of a follower's CPU two minutes in), which
   * made the cluster look ten times slower than it is once warm.
   */
  private static final double WARMUP_SECONDS =
      Double.parseDouble(System.getProperty("bench.warmupSec", "30"));

  private static final double WARMUP_MAX_SECONDS =
      Double.parseDouble(System.getProperty("bench.warmupMaxSec", "240"));

  /** Every server process started, killed on exit whatever happens. */
  private static final List<Node> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

  private ClusterBench() {}

  /** One server process. */
  private static final class Node {
    final String name;
    final int http = freePort();
    final int raft = freePort();
    final Path dir;
    final List<String> flags = new ArrayList<>();
    Process process;

    Node(String name, Path root) throws Exception {
      this.name = name;
      this.dir = root.resolve(name);
    }

    void start(String jar) throws Exception {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-jar",
                  jar,
                  "agent",
                  "-data-dir",
                  dir.toString(),
                  "-node",
                  name,
                  "-http-port",
                  Integer.toString(http)));
      cmd.addAll(flags);
      String jvm = System.getProperty("bench.serverJvmOpts", "").trim();
      if (!jvm.isEmpty()) { // e.g. -Draft.server.log.async-flush.enabled=true (tuning runs)
        cmd.addAll(2, List.of(jvm.split("\\s+")));
      }
      STARTED.add(this);
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir + ".log")))
              .start();
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }

    String leader() {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/status/leader"))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body().replace("\"", "").trim() : "";
      } catch (Exception e) {
        return "";
      }
    }
  }

  /**
   * @param args launcher jar, seconds per measurement (default 8), leader kills (default 20)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    String jar = args[0];
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
    int kills = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path root = Files.createTempDirectory("nm-cluster-bench");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> STARTED.forEach(n -> n.process.destroyForcibly()), "kill-servers"));

    double singleWrites = Double.NaN;
    double singleStale = Double.NaN;
    double floorWrites = Double.NaN;
    if (!Boolean.getBoolean("bench.clusterOnly")) { // -Dbench.clusterOnly=true: tuning runs
      Node single = new Node("single", root);
      single.start(jar);
      awaitLeader(List.of(single), 60);
      singleWrites =
          writes("single server, 64 clients", List.of(single), List.of(single), seconds, true);
      singleStale = staleReads("single server, 64 clients", List.of(single), seconds);
      single.kill();
      floorWrites = replicaFloor(jar, root, seconds);
    }

    List<Node> nodes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      nodes.add(new Node("s" + i, root));
    }
    for (Node n : nodes) {
      n.flags.addAll(List.of("-server", "-bootstrap-expect", "3", "-server-port", "" + n.raft));
      for (Node o : nodes) {
        if (o != n) {
          n.flags.addAll(List.of("-retry-join", "127.0.0.1:" + o.raft));
        }
      }
      n.start(jar);
    }
    Node leader = awaitLeader(nodes, 90);
    double spread =
        writes("3-server cluster, 64 clients over 3 servers", nodes, nodes, seconds, true);
    double onLeader =
        writes(
            "3-server cluster, 64 clients on the leader", nodes, List.of(leader), seconds, false);
    double clusterStale = staleReads("3-server cluster, 64 clients over 3 servers", nodes, seconds);
    System.out.printf(
        Locale.ROOT,
        "ratio writes cluster/single: spread %.2f, on leader %.2f; cluster/three-copy floor:"
            + " spread %.2f, on leader %.2f; floor/single %.2f; stale reads 3 servers/1: %.2f%n",
        spread / singleWrites,
        onLeader / singleWrites,
        spread / floorWrites,
        onLeader / floorWrites,
        floorWrites / singleWrites,
        clusterStale / singleStale);

    if (kills > 0) {
      failovers(jar, nodes, kills);
    }
    for (Node n : nodes) {
      n.kill();
    }
  }

  private static void failovers(String jar, List<Node> nodes, int kills) throws Exception {
    Node leader;
    long[] times = new long[kills];
    for (int k = 0; k < kills; k++) {
      leader = awaitLeader(nodes, 60);
      String old = leader.leader();
      long t0 = System.nanoTime();
      leader.kill();
      times[k] = awaitNewLeader(nodes, leader, old, t0);
      leader.start(jar);
      awaitLeader(nodes, 60); // all three agree again before the next kill
    }
    Arrays.sort(times);
    System.out.printf(
        Locale.ROOT,
        "leader kill -9 -> new leader named by a survivor, %d kills: min %d ms, p50 %d ms, p90 %d"
            + " ms, max %d ms, all %s%n",
        kills,
        times[0],
        times[kills / 2],
        times[(int) Math.min(kills - 1, Math.ceil(kills * 0.9) - 1)],
        times[kills - 1],
        Arrays.toString(times));
  }

  private static double writes(
      String what, List<Node> servers, List<Node> to, double seconds, boolean warmup)
      throws Exception {
    return measure(
        "kv-writes " + what,
        servers,
        to,
        seconds,
        warmup,
        i -> new Object[] {HttpMethod.PUT, "/v1/kv/bench/k" + (i % 1000), VALUE});
  }

  private static double staleReads(String what, List<Node> to, double seconds) throws Exception {
    prefill(to);
    return measure(
        "kv-reads ?stale " + what,
        to,
        to,
        seconds,
        true,
        i -> new Object[] {HttpMethod.GET, "/v1/kv/bench/k" + (i % 1000) + "?stale", null});
  }

  private static double measure(
      String what,
      List<Node> servers,
      List<Node> to,
      double seconds,
      boolean warmup,
      java.util.function.IntFunction<Object[]> req)
      throws Exception {
    List<ServerLoad> loads = new ArrayList<>();
    List<ServerLoad.Conn> conns = new ArrayList<>();
    try {
      for (int i = 0; i < to.size(); i++) {
        ServerLoad l = new ServerLoad("127.0.0.1", to.get(i).http, to.size() == 1 ? 2 : 1);
        loads.add(l);
        conns.addAll(l.open(64 / to.size() + (i < 64 % to.size() ? 1 : 0)));
      }
      if (warmup) {
        warmUp(t -> loads.get(0).closedLoop(conns, t, req));
      } else {
        loads.get(0).closedLoop(conns, Math.min(2, seconds / 2), req);
      }
      return timed(what, servers, t -> loads.get(0).closedLoop(conns, t, req), seconds);
    } finally {
      conns.forEach(c -> c.channel.close());
      loads.forEach(ServerLoad::close);
    }
  }

  /** Load until the rate is steady: see {@link #WARMUP_SECONDS}. */
  /** A closed-loop load for a number of seconds, returning the completed requests' latencies. */
  private interface Loop {
    long[] run(double seconds) throws InterruptedException;
  }

  private static void warmUp(Loop loop) throws InterruptedException {
    long t0 = System.nanoTime();
    loop.run(WARMUP_SECONDS);
    double previous = -1;
    List<String> steps = new ArrayList<>();
    while ((System.nanoTime() - t0) / 1e9 < WARMUP_MAX_SECONDS) {
      double rate = loop.run(5).length / 5.0;
      steps.add(String.format(Locale.ROOT, "%.0f", rate));
      if (previous > 0 && Math.abs(rate - previous) <= 0.1 * previous) {
        break;
      }
      previous = rate;
    }
    System.out.printf(
        Locale.ROOT,
        "  warm-up %.0f s, last 5 s steps (ops/s): %s%n",
        (System.nanoTime() - t0) / 1e9,
        String.join(", ", steps));
  }

  /**
   * Three durable single servers, each write sent to all three ({@link ReplicaFloor}): three
   * durable copies on this machine's CPUs and disk without consensus, the floor beside the
   * cluster's figure.
   */
  private static double replicaFloor(String jar, Path root, double seconds) throws Exception {
    List<Node> copies = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Node n = new Node("copy" + i, root);
      n.start(jar);
      copies.add(n);
    }
    List<ServerLoad> loads = new ArrayList<>();
    try {
      List<List<ServerLoad.Conn>> conns = new ArrayList<>();
      for (Node n : copies) {
        awaitLeader(List.of(n), 60);
        ServerLoad l = new ServerLoad("127.0.0.1", n.http, 1);
        loads.add(l);
        conns.add(l.open(64));
      }
      warmUp(t -> ReplicaFloor.closedLoop(conns, t, VALUE));
      return timed(
          "kv-writes floor: three single servers, each write to all three, 64 clients",
          copies,
          t -> ReplicaFloor.closedLoop(conns, t, VALUE),
          seconds);
    } finally {
      loads.forEach(ServerLoad::close);
      for (Node n : copies) {
        n.kill();
      }
    }
  }

  /**
   * Runs one measured window and prints its rate, p50, p99 and the servers' CPU per operation.
   *
   * @return operations per second
   */
  private static double timed(String what, List<Node> servers, Loop loop, double seconds)
      throws InterruptedException {
    long cpu0 = cpuNanos(servers);
    long[] lat = loop.run(seconds);
    long cpu = cpuNanos(servers) - cpu0;
    double rate = lat.length / seconds;
    System.out.printf(
        Locale.ROOT,
        "%s: %,.0f ops/s, p50 %.2f ms, p99 %.2f ms; server CPU %.3f ms per op (%d server"
            + " processes)%n",
        what,
        rate,
        lat.length == 0 ? 0 : lat[lat.length / 2] / 1e6,
        lat.length == 0 ? 0 : lat[(int) Math.min(lat.length - 1, lat.length * 0.99)] / 1e6,
        lat.length == 0 ? 0 : cpu / 1e6 / lat.length,
        servers.size());
    return rate;
  }

  /** Server CPU time so far, all processes of {@code servers}, in nanoseconds. */
  private static long cpuNanos(List<Node> servers) {
    long sum = 0;
    for (Node n : servers) {
      sum += n.process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
    return sum;
  }

  /**
   * Writes every key the reads ask for and waits until each server has it, so that a {@code ?stale}
   * read never meets a 404 (which ends that connection's loop).
   */
  private static void prefill(List<Node> nodes) throws Exception {
    Node first = nodes.get(0);
    for (int i = 0; i < 1000; i++) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + first.http + "/v1/kv/bench/k" + i))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(VALUE))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "prefill PUT k" + i + ": " + r.statusCode() + " " + r.body());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Node n : nodes) {
      while (HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + n.http + "/v1/kv/bench/k999?stale"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(n.name + " did not catch up with the prefill in 30 s");
        }
        Thread.sleep(20);
      }
    }
  }

  private static Node awaitLeader(List<Node> nodes, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      List<String> seen = nodes.stream().map(Node::leader).distinct().toList();
      if (seen.size() == 1 && !seen.get(0).isEmpty()) {
        if (nodes.size() == 1) {
          return nodes.get(0);
        }
        for (Node n : nodes) {
          if (seen.get(0).endsWith(":" + n.raft)) {
            return n;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no agreed leader within " + seconds + " s");
  }

  private static long awaitNewLeader(List<Node> nodes, Node killed, String old, long t0)
      throws InterruptedException {
    long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (Node n : nodes) {
        if (n != killed) {
          String l = n.leader();
          if (!l.isEmpty() && !l.equals(old)) {
            return (System.nanoTime() - t0) / 1_000_000;
          }
        }
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no new leader within 30 s");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
