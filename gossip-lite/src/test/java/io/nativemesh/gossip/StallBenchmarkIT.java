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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * False deaths under a process stall (what Lifeguard targets), Java vs Go, same design on both
 * sides: n−1 members share one process (Go: one mlpeer with {@code -count n-1}; Java: n−1 pools in
 * this JVM) and the n-th member of the same implementation runs in its own process (Go: a second
 * mlpeer; Java: a child JVM running {@link StallMember}), which is paused with SIGSTOP for each
 * duration of {@code bench.pauses} (default 2,4,6 s) and resumed with SIGCONT, with {@code
 * bench.stallGapSec} between pauses. Counts dead declarations of OTHER members (by anyone, the
 * paused member included), dead declarations of the paused member during and after its pause, and
 * wrong views at the end. Only in the {@code bench} profile: {@code mvn -o -pl gossip-lite -Pbench
 * verify -Dgroups=bench -Dit.test=StallBenchmarkIT -Dbench.stallN=10 -Dbench.runs=3}.
 */
@Tag("bench")
class StallBenchmarkIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int n = Integer.getInteger("bench.stallN", 10);
  private final int runs = Integer.getInteger("bench.runs", 3);
  private final Profile profile = Profile.valueOf(System.getProperty("bench.profile", "LAN"));
  private final int[] pauses =
      Arrays.stream(System.getProperty("bench.pauses", "2,4,6").split(","))
          .mapToInt(s -> Integer.parseInt(s.trim()))
          .toArray();
  private final int gapSec = Integer.getInteger("bench.stallGapSec", 10);

  record Ev(String self, String kind, String node, long ts) {}

  /** One run: [pause start, resume] per cycle, events, views wrong at end. */
  record StallResult(
      String impl,
      List<long[]> windows,
      List<Ev> deaths,
      String paused,
      int wrongViews,
      int views) {
    long othersDead() {
      return deaths.stream().filter(e -> !e.node().equals(paused)).count();
    }

    long othersDeadByPaused() {
      return deaths.stream()
          .filter(e -> !e.node().equals(paused) && e.self().equals(paused))
          .count();
    }

    long pausedDeadDuring() {
      return deaths.stream().filter(e -> e.node().equals(paused) && inPause(e.ts(), 0)).count();
    }

    long pausedDeadAfter() {
      return deaths.stream().filter(e -> e.node().equals(paused) && !inPause(e.ts(), 0)).count();
    }

    private boolean inPause(long ts, long grace) {
      return windows.stream().anyMatch(w -> ts >= w[0] && ts <= w[1] + grace);
    }
  }

  @Test
  void stall() throws Exception {
    List<StallResult> results = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      results.add(goRun());
      results.add(javaRun());
    }
    String report = report(results);
    System.out.println(report);
    Path out = Paths.get("target/bench/gossip-stall.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    assertEquals(2 * runs, results.size());
  }

  private static void signal(long pid, String sig) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start();
    k.waitFor(5, TimeUnit.SECONDS);
  }

  /**
   * Runs the pause cycles against {@code pid}; returns [stop, cont] wall-clock pairs. Always
   * SIGCONTs.
   */
  private List<long[]> pauseCycles(long pid) throws Exception {
    List<long[]> w = new ArrayList<>();
    for (int d : pauses) {
      // a random phase of the probe interval: the Go pool's instances probe in lockstep, and
      // pauses started a whole number of seconds after convergence would all hit one phase
      Thread.sleep(ThreadLocalRandom.current().nextLong(profile.probeInterval().toMillis()));
      long t0 = System.currentTimeMillis();
      signal(pid, "STOP");
      try {
        Thread.sleep(d * 1000L);
      } finally {
        signal(pid, "CONT");
      }
      w.add(new long[] {t0, System.currentTimeMillis()});
      Thread.sleep(gapSec * 1000L);
    }
    return w;
  }

  private static List<Ev> events(List<JsonNode> lines, String kind, long after) {
    List<Ev> l = new ArrayList<>();
    for (JsonNode x : lines) {
      if ("event".equals(x.path("t").asText())
          && kind.equals(x.path("kind").asText())
          && x.path("ts").asLong() >= after) {
        l.add(
            new Ev(x.path("self").asText(), kind, x.path("node").asText(), x.path("ts").asLong()));
      }
    }
    return l;
  }

  // ---------------------------------------------------------------- Go

  private StallResult goRun() throws Exception {
    int basePort = Ports.freeBlock(n - 1);
    try (GoPeer pool =
            GoPeer.start(
                "go",
                basePort,
                "-count",
                Integer.toString(n - 1),
                "-join-first",
                "-profile",
                profile.memberlistName(),
                "-run-for",
                "600s");
        GoPeer paused =
            GoPeer.start(
                "gp",
                Ports.freeBlock(1),
                "-profile",
                profile.memberlistName(),
                "-join",
                pool.address(),
                "-run-for",
                "600s")) {
      assertTrue(
          Await.until(
              () -> {
                for (int i = 0; i < n - 1; i++) {
                  if (pool.members("go-" + i).size() != n) {
                    return false;
                  }
                }
                return paused.members().size() == n;
              },
              Duration.ofSeconds(60)),
          "Go stall pool did not converge");
      long t0 = System.currentTimeMillis();
      List<long[]> w;
      try {
        w = pauseCycles(paused.pid());
      } finally {
        signal(paused.pid(), "CONT");
      }
      List<Ev> deaths = new ArrayList<>(events(pool.lines(), "leave", t0));
      deaths.addAll(events(paused.lines(), "leave", t0));
      int wrong = n - paused.members().size();
      for (int i = 0; i < n - 1; i++) {
        wrong += n - pool.members("go-" + i).size();
      }
      return new StallResult("Go memberlist 0.2.2", w, deaths, "gp", wrong, n * n);
    }
  }

  // ---------------------------------------------------------------- Java

  private StallResult javaRun() throws Exception {
    List<JsonNode> lines = new CopyOnWriteArrayList<>();
    List<GossipPool> pools = new ArrayList<>();
    Process child = null;
    try {
      pools.addAll(
          JavaPools.start(
              n - 1,
              profile,
              self ->
                  new GossipListener() {
                    @Override
                    public void onFail(Member m) {
                      lines.add(
                          JSON.createObjectNode()
                              .put("t", "event")
                              .put("self", self)
                              .put("kind", "fail")
                              .put("node", m.name())
                              .put("ts", System.currentTimeMillis()));
                    }
                  },
              b -> b));
      String seed = pools.get(0).address();
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-Xmx128m",
              "-XX:+UseSerialGC",
              "-cp",
              System.getProperty("java.class.path"),
              StallMember.class.getName(),
              "jp",
              seed,
              profile.name(),
              "600");
      pb.redirectError(ProcessBuilder.Redirect.appendTo(new File("target/stall-member.err")));
      child = pb.start();
      Process c = child;
      Thread reader = new Thread(() -> readLines(c, lines), "stall-member-reader");
      reader.setDaemon(true);
      reader.start();
      assertTrue(
          Await.until(
              () -> pools.stream().allMatch(p -> p.members().size() == n) && lastCount(lines) == n,
              Duration.ofSeconds(60)),
          "Java stall pool did not converge");
      long t0 = System.currentTimeMillis();
      List<long[]> w;
      try {
        w = pauseCycles(child.pid());
      } finally {
        signal(child.pid(), "CONT");
      }
      List<Ev> deaths = events(lines, "fail", t0);
      int wrong = n - lastCount(lines);
      for (GossipPool p : pools) {
        wrong += n - p.members().size();
      }
      return new StallResult("gossip-lite (Java)", w, deaths, "jp", wrong, n * n);
    } finally {
      if (child != null) {
        signal(child.pid(), "CONT");
        child.destroyForcibly();
        child.waitFor(5, TimeUnit.SECONDS);
      }
      pools.forEach(GossipPool::shutdown);
    }
  }

  private static int lastCount(List<JsonNode> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if ("members".equals(lines.get(i).path("t").asText())) {
        return lines.get(i).path("count").asInt();
      }
    }
    return -1;
  }

  private static void readLines(Process p, List<JsonNode> lines) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        try {
          lines.add(JSON.readTree(line));
        } catch (IOException e) {
          // not JSON
        }
      }
    } catch (IOException e) {
      // child ended
    }
  }

  // ---------------------------------------------------------------- report

  private String report(List<StallResult> results) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "## False deaths under SIGSTOP: profile %s, n = %d (n-1 in one process, "
                + "1 paused in its own process), pauses %s s, %d s between, %d run(s)%n%n",
            profile,
            n,
            Arrays.toString(pauses),
            gapSec,
            runs));
    b.append(
        "| impl | run | others declared dead (by paused member) | paused declared dead during pause "
            + "| paused declared dead after resume | views wrong at end |\n|---|---|---|---|---|---|\n");
    int i = 0;
    for (StallResult r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d (%d) | %d | %d | %d / %d |%n",
              r.impl(),
              i++ / 2 + 1,
              r.othersDead(),
              r.othersDeadByPaused(),
              r.pausedDeadDuring(),
              r.pausedDeadAfter(),
              r.wrongViews(),
              r.views()));
    }
    return b.toString();
  }
}
