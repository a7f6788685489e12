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
package io.nativemesh.gossip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Side-by-side benchmark: n Go memberlist instances in one Go process versus n gossip-lite pools in
 * one JVM, same profile, same machine, run one after the other. Only in the {@code bench} Maven
 * profile: {@code mvn -o -pl gossip-lite -Pbench verify -Dgroups=bench} (knobs: -Dbench.n=10
 * -Dbench.runs=3 -Dbench.profile=LAN -Dbench.trafficSec=30 -Dbench.settleSec=30
 * -Dbench.skipLoss=false -Dbench.loss=0.3 -Dbench.lossN=10 -Dbench.lossWindowSec=30). Writes
 * target/bench/gossip-bench.md. Never gates on absolute times.
 */
@Tag("bench")
class SideBySideBenchmarkIT {
  private final int n = Integer.getInteger("bench.n", 10);
  private final int runs = Integer.getInteger("bench.runs", 3);
  private final Profile profile = Profile.valueOf(System.getProperty("bench.profile", "LAN"));
  private final double loss = Double.parseDouble(System.getProperty("bench.loss", "0.3"));
  private final int lossN = Integer.getInteger("bench.lossN", 10);
  private final int lossWindowSec = Integer.getInteger("bench.lossWindowSec", 30);
  private final int trafficWindowSec = Integer.getInteger("bench.trafficSec", 30);

  /**
   * Wait after convergence before the traffic window; at least one push/pull interval so periodic
   * syncs are in steady state.
   */
  private final int settleSec = Integer.getInteger("bench.settleSec", 30);

  private final boolean skipLoss = Boolean.getBoolean("bench.skipLoss");

  record Ev(String self, String kind, String node, long ts) {}

  record Result(
      String impl,
      double joinMs,
      List<Long> update,
      List<Long> crash,
      double bytes,
      double packets,
      double tcpBytes,
      double cpuMs,
      double heapKb) {}

  record LossResult(String impl, boolean tcpPing, int falseDeaths, int wrongViews, int views) {}

  @Test
  void sideBySide() throws Exception {
    List<Result> results = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      results.add(runGo(r));
      results.add(runJava(r));
    }
    List<LossResult> lossResults = new ArrayList<>();
    for (boolean tcp : skipLoss ? new boolean[0] : new boolean[] {false, true}) {
      lossResults.add(lossGo(tcp));
      lossResults.add(lossJava(tcp));
    }
    String report = report(results, lossResults);
    System.out.println(report);
    Path out = Paths.get("target/bench/gossip-bench.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    assertTrue(
        results.stream().allMatch(x -> x.crash().size() == n - 1),
        "every run detected the crash everywhere");
  }

  // ---------------------------------------------------------------- Go

  private GoPeer startGo(int count, String... extra) throws Exception {
    List<String> a =
        new ArrayList<>(
            List.of(
                "-count",
                Integer.toString(count),
                "-join-first",
                "-profile",
                profile.memberlistName(),
                "-run-for",
                "600s",
                "-print-every",
                count >= 50 ? "3s" : "1s")); // JSON member lists cost the harness CPU at large n
    a.addAll(List.of(extra));
    int base = Ports.freeBlock(count); // -count uses consecutive ports
    return GoPeer.start("go", base, a.toArray(new String[0]));
  }

  private static List<Ev> goEvents(GoPeer g, String kind) {
    List<Ev> l = new ArrayList<>();
    for (JsonNode x : g.lines()) {
      if ("event".equals(x.path("t").asText()) && kind.equals(x.path("kind").asText())) {
        l.add(
            new Ev(x.path("self").asText(), kind, x.path("node").asText(), x.path("ts").asLong()));
      }
    }
    return l;
  }

  private boolean goConverged(GoPeer g, int count) {
    for (int i = 0; i < count; i++) {
      if (g.members("go-" + i).size() != count) {
        return false;
      }
    }
    return true;
  }

  private Result runGo(int run) throws Exception {
    try (GoPeer g = startGo(n)) {
      long end = System.nanoTime() + 60_000_000_000L;
      while (g.lines().stream().filter(x -> "joined".equals(x.path("t").asText())).count() < n - 1
          && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      long lastJoin =
          g.lines().stream()
              .filter(x -> "joined".equals(x.path("t").asText()))
              .mapToLong(x -> x.path("ts").asLong())
              .max()
              .orElse(0);
      assertTrue(
          Await.until(() -> goConverged(g, n), Duration.ofSeconds(90)), "Go pool did not converge");
      long lastSeen = goEvents(g, "join").stream().mapToLong(Ev::ts).max().orElse(lastJoin);
      double joinMs = Math.max(0, lastSeen - lastJoin);

      Thread.sleep(settleSec * 1000L);
      long[] before = goCounters(g);
      long cpu0 = Cpu.ofPid(g.pid());
      long tc = System.nanoTime();
      Thread.sleep(trafficWindowSec * 1000L);
      long[] after = goCounters(g);
      double cpuMs = (Cpu.ofPid(g.pid()) - cpu0) / 1e6 / n / ((System.nanoTime() - tc) / 1e9);
      g.command("memstats");
      JsonNode mem = g.awaitLine(x -> "mem".equals(x.path("t").asText()), Duration.ofSeconds(10));
      double heapKb = mem == null ? Double.NaN : mem.path("heapAlloc").asLong() / 1024.0 / n;
      double secs = (after[3] - before[3]) / 1000.0 / n; // summed per-instance ts deltas
      double bytes = (after[0] - before[0]) / (double) n / secs;
      double packets = (after[1] - before[1]) / (double) n / secs;
      double tcp = (after[2] - before[2]) / (double) n / secs;

      String updated = "go-" + (n - 1);
      long t0 = System.currentTimeMillis();
      g.command("@" + (n - 1) + " meta v2-" + run);
      Await.until(
          () ->
              goEvents(g, "update").stream()
                      .filter(e -> e.node().equals(updated) && !e.self().equals(updated))
                      .count()
                  >= n - 1,
          Duration.ofSeconds(30));
      List<Long> upd =
          goEvents(g, "update").stream()
              .filter(e -> e.node().equals(updated) && !e.self().equals(updated))
              .map(e -> e.ts() - t0)
              .sorted()
              .toList();

      crashPhase();
      long t1 = System.currentTimeMillis();
      g.command("@1 shutdown");
      Await.until(
          () -> goEvents(g, "leave").stream().filter(e -> e.node().equals("go-1")).count() >= n - 1,
          Duration.ofSeconds(90));
      List<Long> crash =
          goEvents(g, "leave").stream()
              .filter(e -> e.node().equals("go-1") && e.ts() >= t1)
              .map(e -> e.ts() - t1)
              .sorted()
              .toList();
      return new Result(
          "Go memberlist 0.2.2", joinMs, upd, crash, bytes, packets, tcp, cpuMs, heapKb);
    }
  }

  /**
   * Waits a random part of a probe interval before a crash. The Go instances of one process probe
   * and gossip in lockstep (memberlist's tickers start together; its stagger does not move them),
   * and the crash follows the update's last gossip round, so without this the crash would sit at a
   * fixed phase of Go's probe ticks and bias the time to the first probe of the dead member.
   */
  private void crashPhase() throws InterruptedException {
    Thread.sleep(ThreadLocalRandom.current().nextLong(profile.probeInterval().toMillis()));
  }

  /**
   * Sums over instances: udpBytes, udpPackets, tcpBytes, ts of each instance's latest members line.
   */
  private long[] goCounters(GoPeer g) {
    long[] c = new long[4];
    List<JsonNode> lines = g.lines();
    for (int i = 0; i < n; i++) {
      String self = "go-" + i;
      for (int j = lines.size() - 1; j >= 0; j--) {
        JsonNode x = lines.get(j);
        if ("members".equals(x.path("t").asText()) && self.equals(x.path("self").asText())) {
          c[0] += x.path("udpBytes").asLong();
          c[1] += x.path("udpPackets").asLong();
          c[2] += x.path("tcpBytes").asLong();
          c[3] += x.path("ts").asLong();
          break;
        }
      }
    }
    return c;
  }

  // ---------------------------------------------------------------- Java

  private List<GossipPool> startJava(
      int count, List<Ev> events, long[] lastJoin, double udpLoss, boolean tcpPing) {
    List<GossipPool> pools =
        JavaPools.start(
            count,
            profile,
            self ->
                new GossipListener() {
                  @Override
                  public void onJoin(Member m) {
                    events.add(new Ev(self, "join", m.name(), System.currentTimeMillis()));
                  }

                  @Override
                  public void onUpdate(Member m) {
                    events.add(new Ev(self, "update", m.name(), System.currentTimeMillis()));
                  }

                  @Override
                  public void onFail(Member m) {
                    events.add(new Ev(self, "fail", m.name(), System.currentTimeMillis()));
                  }

                  @Override
                  public void onLeave(Member m) {
                    events.add(new Ev(self, "leave", m.name(), System.currentTimeMillis()));
                  }
                },
            b -> b.outgoingUdpLoss(udpLoss).disableTcpPings(!tcpPing));
    lastJoin[0] = System.currentTimeMillis();
    return pools;
  }

  private static long count(List<Ev> evs, String kind, String node, long after) {
    return evs.stream()
        .filter(e -> e.kind().equals(kind) && e.node().equals(node) && e.ts() >= after)
        .count();
  }

  private Result runJava(int run) throws Exception {
    List<Ev> events = new CopyOnWriteArrayList<>();
    long[] lastJoin = new long[1];
    long heap0 = Cpu.heapAfterGc();
    List<GossipPool> pools = startJava(n, events, lastJoin, 0, true);
    try {
      assertTrue(
          Await.until(
              () -> pools.stream().allMatch(p -> p.members().size() == n), Duration.ofSeconds(90)),
          "Java pool did not converge");
      long lastSeen =
          events.stream().filter(e -> e.kind().equals("join")).mapToLong(Ev::ts).max().orElse(0);
      double joinMs = Math.max(0, lastSeen - lastJoin[0]);

      Thread.sleep(settleSec * 1000L);
      long[] before = javaCounters(pools);
      long cpu0 = Cpu.ofThisProcess();
      long tb = System.nanoTime();
      Thread.sleep(trafficWindowSec * 1000L);
      long[] after = javaCounters(pools);
      double secs = (System.nanoTime() - tb) / 1e9;
      double cpuMs = (Cpu.ofThisProcess() - cpu0) / 1e6 / n / secs;
      double heapKb = (Cpu.heapAfterGc() - heap0) / 1024.0 / n;
      double bytes = (after[0] - before[0]) / (double) n / secs;
      double packets = (after[1] - before[1]) / (double) n / secs;
      double tcp = (after[2] - before[2]) / (double) n / secs;

      String updated = "java-" + (n - 1);
      long t0 = System.currentTimeMillis();
      pools
          .get(n - 1)
          .updateMetadata(("v2-" + run).getBytes(StandardCharsets.UTF_8), Duration.ZERO);
      Await.until(
          () ->
              events.stream()
                      .filter(
                          e ->
                              e.kind().equals("update")
                                  && e.node().equals(updated)
                                  && !e.self().equals(updated)
                                  && e.ts() >= t0)
                      .count()
                  >= n - 1,
          Duration.ofSeconds(30));
      List<Long> upd =
          events.stream()
              .filter(
                  e ->
                      e.kind().equals("update")
                          && e.node().equals(updated)
                          && !e.self().equals(updated))
              .map(e -> e.ts() - t0)
              .sorted()
              .toList();

      crashPhase();
      long t1 = System.currentTimeMillis();
      pools.get(1).shutdown();
      Await.until(() -> count(events, "fail", "java-1", t1) >= n - 1, Duration.ofSeconds(90));
      List<Long> crash =
          events.stream()
              .filter(e -> e.kind().equals("fail") && e.node().equals("java-1") && e.ts() >= t1)
              .map(e -> e.ts() - t1)
              .sorted()
              .toList();
      return new Result(
          "gossip-lite (Java)", joinMs, upd, crash, bytes, packets, tcp, cpuMs, heapKb);
    } finally {
      pools.forEach(GossipPool::shutdown);
    }
  }

  private static long[] javaCounters(List<GossipPool> pools) {
    long[] c = new long[3];
    for (GossipPool p : pools) {
      GossipStats s = p.stats();
      c[0] += s.udpBytesSent();
      c[1] += s.udpPacketsSent();
      c[2] += s.tcpBytesSent();
    }
    return c;
  }

  // ---------------------------------------------------------------- loss

  private LossResult lossGo(boolean tcpPing) throws Exception {
    List<String> extra = new ArrayList<>(List.of("-loss", Double.toString(loss)));
    if (!tcpPing) {
      extra.add("-disable-tcp-ping");
    }
    try (GoPeer g = startGo(lossN, extra.toArray(new String[0]))) {
      Await.until(
          () -> {
            for (int i = 0; i < lossN; i++) {
              if (g.members("go-" + i).size() != lossN) {
                return false;
              }
            }
            return true;
          },
          Duration.ofSeconds(60));
      long t0 = System.currentTimeMillis();
      Thread.sleep(lossWindowSec * 1000L);
      int deaths = (int) goEvents(g, "leave").stream().filter(e -> e.ts() >= t0).count();
      int wrong = 0;
      for (int i = 0; i < lossN; i++) {
        wrong += lossN - g.members("go-" + i).size();
      }
      return new LossResult("Go", tcpPing, deaths, wrong, lossN * lossN);
    }
  }

  private LossResult lossJava(boolean tcpPing) throws Exception {
    List<Ev> events = new CopyOnWriteArrayList<>();
    List<GossipPool> pools = startJava(lossN, events, new long[1], loss, tcpPing);
    try {
      Await.until(
          () -> pools.stream().allMatch(p -> p.members().size() == lossN), Duration.ofSeconds(60));
      long t0 = System.currentTimeMillis();
      Thread.sleep(lossWindowSec * 1000L);
      int deaths =
          (int) events.stream().filter(e -> e.kind().equals("fail") && e.ts() >= t0).count();
      int wrong = 0;
      for (GossipPool p : pools) {
        wrong += lossN - p.members().size();
      }
      return new LossResult("Java", tcpPing, deaths, wrong, lossN * lossN);
    } finally {
      pools.forEach(GossipPool::shutdown);
    }
  }

  // ---------------------------------------------------------------- report

  private static String pct(List<Long> v) {
    if (v.isEmpty()) {
      return "n/a";
    }
    List<Long> s = new ArrayList<>(v);
    Collections.sort(s);
    return String.format(
        Locale.ROOT,
        "%.2f / %.2f / %.2f",
        s.get(0) / 1000.0,
        s.get((s.size() - 1) / 2) / 1000.0,
        s.get(s.size() - 1) / 1000.0);
  }

  private String report(List<Result> results, List<LossResult> lossResults) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "## gossip-lite vs Go memberlist: profile %s, n = %d, %d run(s) each%n%n",
            profile,
            n,
            runs));
    b.append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append(", Java ")
        .append(System.getProperty("java.version"))
        .append("; all Go instances in one process, all Java instances in one JVM, 127.0.0.1.\n\n");
    b.append(
        "| impl | run | join convergence (s) | update reaches all: min / p50 / max (s) "
            + "| crash detected by all: min / p50 / max (s) | UDP B/member/s | UDP pkt/member/s | TCP B/member/s "
            + "| CPU ms/member/s | heap KiB/member |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    int run = 0;
    for (Result r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f | %s | %s | %.0f | %.2f | %.0f | %.2f | %.0f |%n",
              r.impl(),
              run++ / 2 + 1,
              r.joinMs() / 1000.0,
              pct(r.update()),
              pct(r.crash()),
              r.bytes(),
              r.packets(),
              r.tcpBytes(),
              r.cpuMs(),
              r.heapKb()));
    }
    if (lossResults.isEmpty()) {
      return b.toString();
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%n### False deaths under %.0f %% outgoing UDP loss (n = %d, %d s window)%n%n",
            loss * 100,
            lossN,
            lossWindowSec));
    b.append(
        "| impl | TCP fallback ping | false dead events | views wrong at end |\n|---|---|---|---|\n");
    for (LossResult l : lossResults) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d / %d |%n",
              l.impl(),
              l.tcpPing() ? "on" : "off",
              l.falseDeaths(),
              l.wrongViews(),
              l.views()));
    }
    return b.toString();
  }
}
