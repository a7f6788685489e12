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
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash-detection trace, Go vs Java (bench profile only): per trial one member stops without
 * leaving, and the trace says, per observer, when it suspected the member from its own failed
 * probe, when (and with how many peer confirmations) a suspicion timer fired, when the observer
 * learned of the death, and the Lifeguard health scores at the crash. Read from memberlist's own
 * logs (Go peer with {@code -v}) and gossip-lite's logs (slf4j-simple, INFO/DEBUG for the internal
 * package). Knobs: -Dbench.n=10 -Dbench.trials=10 -Dbench.settleSec=5 -Dbench.impl=both|go|java
 * -Dbench.sideBySideSteps=true -Dbench.randomPhase=true. Writes target/bench/crash-trace.md; never
 * gates on times.
 */
@Tag("bench")
class CrashTraceBenchmarkIT {
  private static final Path JAVA_LOG = Paths.get("target/java-trace.log").toAbsolutePath();

  static {
    System.setProperty("org.slf4j.simpleLogger.logFile", JAVA_LOG.toString());
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy/MM/dd HH:mm:ss.SSS");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "true");
    System.setProperty("org.slf4j.simpleLogger.log.io.nativemesh.gossip.internal", "debug");
  }

  private static final Pattern GO_LINE =
      Pattern.compile("^(go-\\d+) (\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}) (.*)$");
  private static final Pattern JAVA_LINE =
      Pattern.compile(
          "^(\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\[gossip-[a-z]+-(java-\\d+)\\] (.*)$");
  private static final Pattern CONFIRMATIONS = Pattern.compile("\\((\\d+) peer confirmations\\)");
  private static final DateTimeFormatter GO_TS =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter JAVA_TS =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS");

  private final int n = Integer.getInteger("bench.n", 10);
  private final int trials = Integer.getInteger("bench.trials", 10);
  private final int settleSec = Integer.getInteger("bench.settleSec", 5);
  private final String impl = System.getProperty("bench.impl", "both");

  /**
   * Before the crash, as SideBySideBenchmarkIT: a full GC request, then a metadata update reaching
   * all.
   */
  private final boolean sideBySideSteps =
      Boolean.parseBoolean(System.getProperty("bench.sideBySideSteps", "true"));

  /**
   * Crash at a random phase of the probe interval (false: right after the update reached all, as
   * before).
   */
  private final boolean randomPhase =
      Boolean.parseBoolean(System.getProperty("bench.randomPhase", "true"));

  private final Random random = new Random();

  /** One observer-side event of a trial, in ms after the crash. */
  record Mark(String observer, String what, long ms, String detail) {}

  record Trial(
      String impl,
      int run,
      List<Mark> marks,
      List<Long> detected,
      Map<String, Integer> healthAtCrash,
      Map<String, Integer> maxHealthAfter) {}

  @Test
  void trace() throws Exception {
    List<Trial> all = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      if (!impl.equals("java")) {
        all.add(goTrial(t));
      }
      if (!impl.equals("go")) {
        all.add(javaTrial(t));
      }
    }
    String report = report(all);
    System.out.println(report);
    Path out = Paths.get("target/bench/crash-trace-n" + n + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    assertTrue(
        all.stream().allMatch(x -> x.detected().size() == n - 1), "every trial detected the crash");
  }

  private Trial goTrial(int run) throws Exception {
    Path err = Paths.get("target/go-peer-go.err");
    long offset = Files.exists(err) ? Files.size(err) : 0;
    List<String> a =
        List.of(
            "-count",
            Integer.toString(n),
            "-join-first",
            "-profile",
            "lan",
            "-run-for",
            "600s",
            "-print-every",
            "1s",
            "-v");
    try (GoPeer g = GoPeer.start("go", Ports.freeBlock(n), a.toArray(new String[0]))) {
      assertTrue(
          Await.until(
              () -> {
                for (int i = 0; i < n; i++) {
                  if (g.members("go-" + i).size() != n) {
                    return false;
                  }
                }
                return true;
              },
              Duration.ofSeconds(90)),
          "Go pool did not converge");
      Thread.sleep(settleSec * 1000L);
      if (sideBySideSteps) {
        Cpu.heapAfterGc();
        long t0 = System.currentTimeMillis();
        g.command("@" + (n - 1) + " meta v2-" + run);
        Await.until(
            () ->
                g.lines().stream()
                        .filter(
                            x ->
                                "update".equals(x.path("kind").asText())
                                    && x.path("ts").asLong() >= t0)
                        .count()
                    >= n - 1,
            Duration.ofSeconds(30));
      }
      Thread.sleep(
          randomPhase
              ? random.nextInt(1000)
              : 0); // random phase of the probe ticks (lockstep in Go)
      long t1 = System.currentTimeMillis();
      g.command("@1 shutdown");
      Await.until(() -> goLeaves(g, t1).size() >= n - 1, Duration.ofSeconds(90));
      Thread.sleep(1500); // one more members line per instance for the health maximum
      Map<String, Integer> health = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        health.put("go-" + i, lastHealth(g, "go-" + i, t1));
      }
      Map<String, Integer> maxHealth = new TreeMap<>();
      for (JsonNode x : g.lines()) {
        if ("members".equals(x.path("t").asText()) && x.path("ts").asLong() >= t1) {
          maxHealth.merge(x.path("self").asText(), x.path("health").asInt(), Math::max);
        }
      }
      List<Mark> marks = logMarks(tail(err, offset), GO_LINE, GO_TS, 2, 1, t1, "go-1");
      List<Long> detected = new ArrayList<>();
      for (JsonNode x : goLeaves(g, t1)) {
        detected.add(x.path("ts").asLong() - t1);
        marks.add(new Mark(x.path("self").asText(), "dead", x.path("ts").asLong() - t1, ""));
      }
      return new Trial("Go", run, marks, detected, health, maxHealth);
    }
  }

  private static int lastHealth(GoPeer g, String self, long before) {
    int h = -1;
    for (JsonNode x : g.lines()) {
      if ("members".equals(x.path("t").asText())
          && self.equals(x.path("self").asText())
          && x.path("ts").asLong() < before) {
        h = x.path("health").asInt();
      }
    }
    return h;
  }

  private static List<JsonNode> goLeaves(GoPeer g, long after) {
    List<JsonNode> l = new ArrayList<>();
    for (JsonNode x : g.lines()) {
      if ("event".equals(x.path("t").asText())
          && "leave".equals(x.path("kind").asText())
          && "go-1".equals(x.path("node").asText())
          && x.path("ts").asLong() >= after) {
        l.add(x);
      }
    }
    return l;
  }

  private Trial javaTrial(int run) throws Exception {
    long offset = Files.exists(JAVA_LOG) ? Files.size(JAVA_LOG) : 0;
    List<Mark> deaths = new CopyOnWriteArrayList<>();
    long[] crashAt = {Long.MAX_VALUE};
    List<GossipPool> pools = new ArrayList<>();
    try {
      pools.addAll(
          JavaPools.start(
              n,
              Profile.LAN,
              self ->
                  new GossipListener() {
                    @Override
                    public void onFail(Member m) {
                      if (m.name().equals("java-1")) {
                        deaths.add(
                            new Mark(self, "dead", System.currentTimeMillis() - crashAt[0], ""));
                      }
                    }
                  },
              b -> b));
      assertTrue(
          Await.until(
              () -> pools.stream().allMatch(p -> p.members().size() == n), Duration.ofSeconds(90)),
          "Java pool did not converge");
      Thread.sleep(settleSec * 1000L);
      Map<String, Integer> maxHealth = new TreeMap<>();
      if (sideBySideSteps) {
        Cpu.heapAfterGc();
        pools
            .get(n - 1)
            .updateMetadata(("v2-" + run).getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        Await.until(
            () -> pools.stream().allMatch(p -> p.member("java-" + (n - 1)).metadata().length > 0),
            Duration.ofSeconds(30));
      }
      Thread.sleep(randomPhase ? random.nextInt(1000) : 0); // random phase of the probe loops
      Map<String, Integer> health = new TreeMap<>();
      for (GossipPool p : pools) {
        health.put(p.localMember().name(), p.healthScore());
      }
      long t1 = System.currentTimeMillis();
      crashAt[0] = t1;
      pools.get(1).shutdown();
      long end = System.nanoTime() + 90_000_000_000L;
      while (deaths.size() < n - 1 && System.nanoTime() < end) {
        for (int i = 0; i < n; i++) {
          if (i != 1) {
            maxHealth.merge("java-" + i, pools.get(i).healthScore(), Math::max);
          }
        }
        Thread.sleep(50);
      }
      List<Mark> marks = new ArrayList<>(deaths);
      marks.addAll(logMarks(tail(JAVA_LOG, offset), JAVA_LINE, JAVA_TS, 1, 2, t1, "java-1"));
      List<Long> detected = deaths.stream().map(Mark::ms).sorted().toList();
      return new Trial("Java", run, marks, detected, health, maxHealth);
    } finally {
      pools.forEach(GossipPool::shutdown);
    }
  }

  /**
   * Marks about {@code node} in log lines of either implementation (memberlist's and gossip-lite's
   * messages differ only in case; the timer start and confirmation lines are gossip-lite's DEBUG).
   */
  private static List<Mark> logMarks(
      List<String> lines,
      Pattern p,
      DateTimeFormatter f,
      int tsGroup,
      int obsGroup,
      long t1,
      String node) {
    List<Mark> marks = new ArrayList<>();
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (!m.matches()) {
        continue;
      }
      long ms =
          LocalDateTime.parse(m.group(tsGroup), f)
                  .atZone(ZoneId.systemDefault())
                  .toInstant()
                  .toEpochMilli()
              - t1;
      String msg = m.group(3);
      String lower = msg.toLowerCase(Locale.ROOT);
      String observer = m.group(obsGroup);
      if (ms < 0) {
        continue;
      }
      if (lower.contains("suspect " + node + " has failed")) {
        marks.add(
            new Mark(observer, "suspect (own probe)", ms, msg.replaceAll(".*received ?", "")));
      } else if (lower.contains("marking " + node + " as failed")) {
        Matcher c = CONFIRMATIONS.matcher(msg);
        marks.add(new Mark(observer, "timeout fired", ms, c.find() ? c.group(1) + " conf" : ""));
      } else if (lower.contains("suspecting " + node + " ")) {
        marks.add(
            new Mark(
                observer, "timer started", ms, msg.replaceAll(".*\\((from [^)]*)\\).*", "$1")));
      } else if (lower.contains("suspicion of " + node + ": confirmation")) {
        marks.add(new Mark(observer, "confirmation", ms, msg.replaceAll(".*confirmation ", "")));
      }
    }
    return marks;
  }

  private static List<String> tail(Path file, long offset) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long from =
          offset <= f.length() ? offset : 0; // slf4j-simple truncates its file when it starts
      f.seek(from);
      byte[] b = new byte[(int) (f.length() - from)];
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static String report(List<Trial> all) {
    StringBuilder b = new StringBuilder("## Crash-detection traces\n\n");
    b.append(
        "| impl | trial | detected p50 / max (s) | first own suspicion (s) | own suspicions before first"
            + " death | first timer fired (s, observer, confirmations) | health at crash (sum / max) |"
            + " max health after crash |\n|---|---|---|---|---|---|---|---|\n");
    for (Trial t : all) {
      List<Long> d = t.detected();
      long firstDead = d.isEmpty() ? Long.MAX_VALUE : d.get(0);
      List<Mark> own =
          t.marks().stream()
              .filter(m -> m.what().startsWith("suspect"))
              .sorted(Comparator.comparingLong(Mark::ms))
              .toList();
      Mark fired =
          t.marks().stream()
              .filter(m -> m.what().equals("timeout fired"))
              .min(Comparator.comparingLong(Mark::ms))
              .orElse(null);
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s | %d / %d | %s |%n",
              t.impl(),
              t.run() + 1,
              d.isEmpty()
                  ? "n/a"
                  : String.format(
                      Locale.ROOT,
                      "%.2f / %.2f",
                      d.get((d.size() - 1) / 2) / 1000.0,
                      d.get(d.size() - 1) / 1000.0),
              own.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.2f", own.get(0).ms() / 1000.0),
              own.stream()
                  .filter(m -> m.ms() <= firstDead)
                  .map(m -> String.format(Locale.ROOT, "%.2f", m.ms() / 1000.0))
                  .toList(),
              fired == null
                  ? "n/a"
                  : String.format(
                      Locale.ROOT,
                      "%.2f %s %s",
                      fired.ms() / 1000.0,
                      fired.observer(),
                      fired.detail()),
              t.healthAtCrash().values().stream().mapToInt(Integer::intValue).sum(),
              t.healthAtCrash().values().stream().mapToInt(Integer::intValue).max().orElse(0),
              t.maxHealthAfter()));
    }
    b.append("\n### Raw marks (ms after the crash)\n\n");
    for (Trial t : all) {
      b.append("#### ").append(t.impl()).append(" trial ").append(t.run() + 1).append("\n\n```\n");
      t.marks().stream()
          .sorted(Comparator.comparingLong(Mark::ms))
          .forEach(
              m ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "%7d %-8s %-20s %s%n",
                          m.ms(),
                          m.observer(),
                          m.what(),
                          m.detail())));
      b.append("```\n\n");
    }
    return b.toString();
  }
}
