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

import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * Companion-server benchmarks (docs/benchmarks-server.md): durable KV writes/s at 1/16/64 clients
 * with and without fsync, KV reads/s, leaf certificates issued per second, and 10,000 parked
 * blocking queries (server memory per watcher, latency from a KV write to the watchers' responses).
 * Load comes from {@link ServerLoad} (Netty, two event-loop threads).
 *
 * <p>Usage: {@code ServerBench [all|kv-writes|kv-reads|leaf|watchers] [seconds] [launcher-jar]}.
 * {@code watchers} with {@code -Dbench.server=floor} runs the same rounds against {@link
 * FanoutFloor} (the least a Netty HTTP server can do for that fan-out) instead of the launcher jar;
 * {@code -Dbench.server=both} runs {@code -Dbench.pairs} (default 2) pairs of floor and server runs
 * and prints their ratios.
 */
public final class ServerBench {
  static final AttributeKey<ServerLoad.Conn> CONN = AttributeKey.valueOf("bench.conn");
  private static final byte[] VALUE = "x".repeat(64).getBytes(StandardCharsets.US_ASCII);

  private ServerBench() {}

  /** The command line: {@code [mode] [seconds] [launcher-jar]}. */
  @Command(
      name = "ServerBench",
      description = "Companion-server benchmarks (docs/benchmarks-server.md).")
  static final class Args {
    static final List<String> MODES = List.of("all", "kv-writes", "kv-reads", "leaf", "watchers");

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "MODE",
        defaultValue = "all",
        converter = Mode.class,
        description = "all, kv-writes, kv-reads, leaf or watchers (default: ${DEFAULT-VALUE})")
    String mode;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "SECONDS",
        defaultValue = "8",
        description = "seconds per measurement (default: ${DEFAULT-VALUE})")
    double seconds;

    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "LAUNCHER_JAR",
        defaultValue = "server/target/nativemesh-server.jar",
        description = "nativemesh-server.jar, for watchers (default: ${DEFAULT-VALUE})")
    String jar;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;

    /** One of {@link #MODES}. */
    static final class Mode implements ITypeConverter<String> {
      @Override
      public String convert(String value) {
        if (!MODES.contains(value)) {
          throw new TypeConversionException(
              "'" + value + "' is not one of " + String.join(", ", MODES));
        }
        return value;
      }
    }
  }

  /**
   * @param args mode, seconds per measurement, path of {@code nativemesh-server.jar} (watchers)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Args opt = BenchArgs.parseOrExit(new Args(), args);
    String mode = opt.mode;
    double seconds = opt.seconds;
    String jar = opt.jar;
    System.out.printf(
        Locale.ROOT,
        "# ServerBench %s, %.0f s per point, %d CPUs, Java %s%n",
        mode,
        seconds,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    if (mode.equals("all") || mode.equals("kv-writes")) {
      kvWrites(seconds, true);
      kvWrites(seconds, false);
    }
    if (mode.equals("all") || mode.equals("kv-reads")) {
      kvReads(seconds);
    }
    if (mode.equals("all") || mode.equals("leaf")) {
      leaf(seconds);
    }
    if (mode.equals("all") || mode.equals("watchers")) {
      int n = Integer.getInteger("bench.watchers", 10_000);
      String which = System.getProperty("bench.server", "server");
      if (which.equals("both")) {
        watchersVsFloor(jar, n, Integer.getInteger("bench.pairs", 2));
      } else {
        watchers(jar, n, 10, which.equals("floor"));
      }
    }
  }

  /**
   * One fan-out run's figures over its measured rounds, ms and µs.
   *
   * @param p50 write to a watcher's response, p50 over all rounds, ms
   * @param p99 the same, p99, ms
   * @param lastP50 write to the last response of a round, median of the rounds, ms
   * @param serverUs server CPU per response, median of the rounds, µs
   */
  record Fanout(double p50, double p99, double lastP50, double serverUs) {}

  /**
   * {@code -Dbench.server=both}: {@code pairs} times the floor then the companion server, in one
   * run, and their ratios (server / floor).
   */
  private static void watchersVsFloor(String jar, int n, int pairs) throws Exception {
    List<Fanout[]> runs = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      System.out.printf(Locale.ROOT, "# pair %d: floor%n", i);
      Fanout f = watchers(jar, n, 10, true);
      System.out.printf(Locale.ROOT, "# pair %d: companion server%n", i);
      Fanout s = watchers(jar, n, 10, false);
      runs.add(new Fanout[] {f, s});
    }
    System.out.printf(
        Locale.ROOT,
        "| pair | floor p50 / p99 / last (ms) | server p50 / p99 / last (ms) | p99 ratio | last ratio |"
            + " floor / server CPU per response (µs) | CPU ratio |%n");
    for (int i = 0; i < runs.size(); i++) {
      Fanout f = runs.get(i)[0];
      Fanout s = runs.get(i)[1];
      System.out.printf(
          Locale.ROOT,
          "| %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.2f | %.2f | %.1f / %.1f | %.2f |%n",
          i,
          f.p50(),
          f.p99(),
          f.lastP50(),
          s.p50(),
          s.p99(),
          s.lastP50(),
          s.p99() / f.p99(),
          s.lastP50() / f.lastP50(),
          f.serverUs(),
          s.serverUs(),
          s.serverUs() / f.serverUs());
    }
  }

  private static String stats(long[] lat, double seconds) {
    if (lat.length == 0) {
      return "no completed requests";
    }
    return String.format(
        Locale.ROOT,
        "%,.0f ops/s, p50 %.2f ms, p99 %.2f ms",
        lat.length / seconds,
        lat[lat.length / 2] / 1e6,
        lat[(int) Math.min(lat.length - 1, lat.length * 0.99)] / 1e6);
  }

  private static ConsulServer durable(Path dir, boolean fsync) throws IOException {
    return ConsulServer.start(
        ServerConfig.builder()
            .dev(true)
            .nodeName("bench")
            .httpPort(0)
            .dataDir(dir)
            .fsync(fsync)
            .build());
  }

  private static void kvWrites(double seconds, boolean fsync) throws Exception {
    Path dir = Files.createTempDirectory("nm-bench");
    int keys = Integer.getInteger("bench.keys", 1000);
    try (ConsulServer server = durable(dir, fsync);
        ServerLoad load = new ServerLoad("127.0.0.1", server.httpPort(), 2)) {
      if (keys > 1000) { // pre-fill the key space (16 connections, no measurement)
        List<ServerLoad.Conn> fill = load.open(16);
        AtomicInteger k = new AtomicInteger();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (ServerLoad.Conn c : fill) {
          CompletableFuture<Void> done = new CompletableFuture<>();
          loops.add(done);
          Runnable[] next = new Runnable[1];
          next[0] =
              () -> {
                int i = k.getAndIncrement();
                if (i >= keys) {
                  done.complete(null);
                  return;
                }
                c.send(HttpMethod.PUT, "/v1/kv/bench/k" + i, VALUE).thenRun(next[0]);
              };
          next[0].run();
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        fill.forEach(c -> c.channel.close());
      }
      for (int clients : new int[] {1, 16, 64}) {
        List<ServerLoad.Conn> conns = load.open(clients);
        load.closedLoop(
            conns,
            Math.min(2, seconds / 2),
            i -> new Object[] {HttpMethod.PUT, "/v1/kv/bench/k" + (i % keys), VALUE});
        long[] lat =
            load.closedLoop(
                conns,
                seconds,
                i -> new Object[] {HttpMethod.PUT, "/v1/kv/bench/k" + (i % keys), VALUE});
        System.out.printf(
            Locale.ROOT,
            "kv-writes fsync=%s keys=%d clients=%d: %s%n",
            fsync,
            keys,
            clients,
            stats(lat, seconds));
        conns.forEach(c -> c.channel.close());
      }
    }
  }

  private static void kvReads(double seconds) throws Exception {
    Path dir = Files.createTempDirectory("nm-bench");
    try (ConsulServer server = durable(dir, true);
        ServerLoad load = new ServerLoad("127.0.0.1", server.httpPort(), 2)) {
      List<ServerLoad.Conn> one = load.open(1);
      for (int i = 0; i < 1000; i++) {
        one.get(0).send(HttpMethod.PUT, "/v1/kv/bench/k" + i, VALUE).get(5, TimeUnit.SECONDS);
      }
      List<ServerLoad.Conn> conns = load.open(64);
      load.closedLoop(
          conns,
          Math.min(2, seconds / 2),
          i -> new Object[] {HttpMethod.GET, "/v1/kv/bench/k" + (i % 1000), null});
      long[] lat =
          load.closedLoop(
              conns,
              seconds,
              i -> new Object[] {HttpMethod.GET, "/v1/kv/bench/k" + (i % 1000), null});
      System.out.printf(Locale.ROOT, "kv-reads clients=64: %s%n", stats(lat, seconds));
    }
  }

  private static void leaf(double seconds) throws Exception {
    Path dir = Files.createTempDirectory("nm-bench");
    try (ConsulServer server = durable(dir, true);
        ServerLoad load = new ServerLoad("127.0.0.1", server.httpPort(), 2)) {
      for (int clients : new int[] {16, 64}) {
        List<ServerLoad.Conn> conns = load.open(clients);
        String run = "c" + clients + "-";
        // JDK 17's C2 keeps compiling the EC field arithmetic for ~20 s: measure after it settles
        double warmup = Double.parseDouble(System.getProperty("bench.leafWarmupSec", "20"));
        load.closedLoop(
            conns,
            warmup,
            i -> new Object[] {HttpMethod.GET, "/v1/agent/connect/ca/leaf/w" + run + i, null});
        long[] lat =
            load.closedLoop(
                conns,
                seconds,
                i -> new Object[] {HttpMethod.GET, "/v1/agent/connect/ca/leaf/" + run + i, null});
        System.out.printf(
            Locale.ROOT,
            "leaf-issuance clients=%d (a new service per request): %s%n",
            clients,
            stats(lat, seconds));
        conns.forEach(c -> c.channel.close());
      }
    }
  }

  private static long liveHeapBytes(long pid) throws Exception {
    Process p =
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    for (String line : out.split("\n")) {
      if (line.startsWith("Total")) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[2]);
      }
    }
    throw new IllegalStateException("no histogram total in: " + out);
  }

  private static Fanout watchers(String jar, int n, int rounds, boolean floor) throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    if (System.getProperty("bench.port") != null) { // an already running server (profiling)
      port = Integer.getInteger("bench.port");
      jar = null;
    }
    List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
    String jvmOpts =
        System.getProperty("bench.serverJvmOpts", ""); // e.g. a GC choice for the server process
    if (!jvmOpts.isBlank()) {
      command.addAll(List.of(jvmOpts.trim().split("\\s+")));
    }
    if (floor) { // the baseline: FanoutFloor, see its Javadoc
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              FanoutFloor.class.getName(),
              Integer.toString(port)));
    } else {
      // every watcher connects from 127.0.0.1: lift the per-client connection limit (Consul's
      // limits.http_max_conns_per_client, default 200) and the overall one above n
      Path limits = Files.createTempFile("bench-limits", ".json");
      limits.toFile().deleteOnExit();
      Files.writeString(
          limits,
          String.format(
              Locale.ROOT,
              "{\"limits\": {\"http_max_conns_per_client\": %d, \"http_max_conns\": %d}}",
              n + 100,
              n + 100));
      command.addAll(
          List.of(
              "-jar",
              String.valueOf(jar),
              "agent",
              "-dev",
              "-config-file",
              limits.toString(),
              "-http-port",
              Integer.toString(port),
              "-node",
              "bench"));
    }
    Process server =
        jar == null
            ? null
            : new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    System.out.printf(
        Locale.ROOT,
        "  server: %s%n",
        jar == null ? "already running on port " + port : String.join(" ", command));
    long pid = server != null ? server.pid() : Long.getLong("bench.pid");
    CpuMeter meter = new CpuMeter(CpuMeter.clockTicks());
    meter.addProcess(pid);
    try (ServerLoad load = new ServerLoad("127.0.0.1", port, 2)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      List<ServerLoad.Conn> writer = null;
      while (writer == null) {
        try {
          writer = load.open(1);
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
      ServerLoad.Conn w = writer.get(0);
      w.send(HttpMethod.PUT, "/v1/kv/bench/watch", VALUE).get(5, TimeUnit.SECONDS);
      boolean raw = !"netty".equals(System.getProperty("bench.loadgen", "raw"));
      System.out.printf(
          Locale.ROOT,
          "  load generator: %s%n",
          raw
              ? "raw NIO selectors (RawWatchers, bench.loadThreads="
                  + Integer.getInteger("bench.loadThreads", 1)
                  + ")"
              : "Netty HTTP codec (ServerLoad)");
      RawWatchers rawConns =
          raw
              ? new RawWatchers("127.0.0.1", port, n, Integer.getInteger("bench.loadThreads", 1))
              : null;
      List<ServerLoad.Conn> conns = raw ? List.of() : load.open(n);
      Thread.sleep(1000);
      long idle = liveHeapBytes(pid);
      long[] all = new long[n * rounds];
      long[] last = new long[rounds];
      double[] cpuPerResponse = new double[rounds];
      long parkedHeap = 0;
      int warmup =
          Integer.getInteger(
              "bench.warmupRounds", 6); // JIT warm-up rounds, reported but not counted
      for (int r = -warmup; r < rounds; r++) {
        w.send(HttpMethod.GET, "/v1/kv/bench/watch", null).get(5, TimeUnit.SECONDS);
        String uri = "/v1/kv/bench/watch?index=" + w.lastIndex + "&wait=5m";
        List<CompletableFuture<Integer>> fs = new ArrayList<>(n);
        if (raw) {
          rawConns.park(uri);
        } else {
          for (ServerLoad.Conn c : conns) {
            fs.add(c.send(HttpMethod.GET, uri, null));
          }
        }
        Thread.sleep(3000);
        if (r == -warmup) {
          parkedHeap = liveHeapBytes(pid);
          Thread.sleep(1000);
        }
        if (raw ? rawConns.completed() > 0 : fs.stream().anyMatch(CompletableFuture::isDone)) {
          throw new IllegalStateException("a watcher returned before the write");
        }
        CpuMeter.Sample cpu0 = meter.sample();
        long t0 = System.nanoTime();
        long[] nettyGot = new long[n];
        if (raw) {
          rawConns.start(t0);
        } else {
          for (int i = 0; i < n; i++) {
            int k = i;
            fs.get(i).thenRun(() -> nettyGot[k] = System.nanoTime() - t0);
          }
        }
        w.send(HttpMethod.PUT, "/v1/kv/bench/watch", VALUE).get(5, TimeUnit.SECONDS);
        long[] got = nettyGot;
        if (raw) {
          got = rawConns.await(60, TimeUnit.SECONDS);
        } else {
          CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        CpuMeter.Sample cpu = cpu0.until(meter.sample());
        double serverUs = cpu.externalNanos() / 1e3 / n; // the server process
        double clientUs = cpu.jvmNanos() / 1e3 / n; // this JVM: the load generator
        Thread.sleep(50);
        long max = 0;
        long[] round = Arrays.copyOf(got, n);
        for (int i = 0; i < n; i++) {
          max = Math.max(max, got[i]);
          if (r >= 0) {
            all[r * n + i] = got[i];
          }
        }
        if (r >= 0) {
          last[r] = max;
          cpuPerResponse[r] = serverUs;
        }
        Arrays.sort(round);
        double busy =
            100.0
                * cpu.machineBusyNanos()
                / cpu.wallNanos()
                / Runtime.getRuntime().availableProcessors();
        System.out.printf(
            Locale.ROOT,
            "  round %d%s: first %.1f ms, p50 %.1f ms, p99 %.1f ms, last %.1f ms; CPU per response: "
                + "server %.1f µs, load generator %.1f µs; machine busy %.0f %%%n",
            r,
            r < 0 ? " (warm-up)" : "",
            round[0] / 1e6,
            round[n / 2] / 1e6,
            round[(int) (n * 0.99)] / 1e6,
            max / 1e6,
            serverUs,
            clientUs,
            busy);
      }
      Arrays.sort(all);
      Arrays.sort(last);
      System.out.printf(
          Locale.ROOT,
          "watchers n=%d: server live heap idle-connected %.1f MiB, parked %.1f MiB -> %.0f bytes per parked "
              + "query (excluding the connection)%n",
          n,
          idle / 1048576.0,
          parkedHeap / 1048576.0,
          (parkedHeap - idle) / (double) n);
      System.out.printf(
          Locale.ROOT,
          "watchers n=%d, %d rounds: write->watcher response p50 %.1f ms, p99 %.1f ms; "
              + "write->last watcher p50 %.1f ms, max %.1f ms%n",
          n,
          rounds,
          all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6,
          last[rounds / 2] / 1e6,
          last[rounds - 1] / 1e6);
      conns.forEach(c -> c.channel.close());
      if (rawConns != null) {
        rawConns.close();
      }
      Arrays.sort(cpuPerResponse);
      return new Fanout(
          all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6,
          last[rounds / 2] / 1e6,
          cpuPerResponse[rounds / 2]);
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
