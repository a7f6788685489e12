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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jepsen-style runs against real server processes on 127.0.0.1: concurrent clients doing
 * compare-and-set increments of one key and unique-key writes through random servers while a
 * nemesis {@code kill -9}s servers (and, in a cluster, SIGSTOPs followers past the election
 * timeout). Afterwards: no acknowledged write lost, no CAS applied twice, no client's {@code
 * X-Consul-Index} going backwards, the same final state on every server, and the register history
 * accepted by {@link CasRegisterChecker}. Each run's history is written to {@code
 * target/jepsen/<run>-history.json}.
 *
 * <p>Lengths: {@code -Djepsen.seconds=N} (default 15 for the single server, CI-sized); {@code
 * -Djepsen.electionTimeoutMs} (default 1000).
 */
class JepsenIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KvHttp KV = new KvHttp(Duration.ofSeconds(3));

  static Duration runLength(int ciDefaultSeconds) {
    return Duration.ofSeconds(Long.getLong("jepsen.seconds", ciDefaultSeconds));
  }

  static Duration electionTimeout() {
    return Duration.ofMillis(Long.getLong("jepsen.electionTimeoutMs", 1000));
  }

  @Test
  void singleDurableServerUnderKill9(@TempDir Path dir) throws Exception {
    try (Cluster c = Cluster.single(dir)) {
      c.startAll();
      Result r = run("single", c, runLength(8), 2, 2);
      System.out.println("jepsen single: " + r);
    }
  }

  @Test
  void threeServersUnderLeaderKillsAndFollowerPauses(@TempDir Path dir) throws Exception {
    try (Cluster c = Cluster.raft(dir, 3, electionTimeout())) {
      c.startAll();
      Result r = run("three", c, runLength(40), 3, 2);
      System.out.println("jepsen three: " + r);
      long bound = Long.getLong("jepsen.maxNewLeaderMs", 10_000);
      assertTrue(
          r.newLeaderMs().stream().allMatch(ms -> ms <= bound),
          "a new leader within " + bound + " ms of each leader kill: " + r.newLeaderMs());
    }
  }

  @Test
  void fiveServersTolerateTwoFailuresAndAMinorityRefusesWrites(@TempDir Path dir) throws Exception {
    try (Cluster c = Cluster.raft(dir, 5, electionTimeout())) {
      c.startAll();
      ServerProcess leader = c.awaitLeader(Duration.ofSeconds(60));
      putWithRetry(c, "jepsen/five/before", "5 up");
      leader.kill9();
      c.servers.stream().filter(ServerProcess::isRunning).findFirst().orElseThrow().kill9();
      ServerProcess second = c.awaitLeader(Duration.ofSeconds(30));
      putWithRetry(c, "jepsen/five/with-3", "3 up");
      for (ServerProcess s : c.servers) {
        if (s.isRunning()) {
          assertEquals(
              "3 up", KV.dump(s.url(), "jepsen/five/").get("jepsen/five/with-3"), s.toString());
        }
      }
      second.kill9(); // two left of five: a minority
      KvHttp patient = new KvHttp(Duration.ofSeconds(60));
      for (ServerProcess s : c.servers) {
        if (!s.isRunning()) {
          continue;
        }
        KvHttp.StatusException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                KvHttp.StatusException.class,
                () -> patient.put(s.url(), "jepsen/five/minority", "", "must not be acknowledged"));
        assertEquals(500, e.status, e.getMessage());
        assertTrue(e.getMessage().contains("No cluster leader"), e.getMessage());
      }
      heal(c);
      c.awaitLeader(Duration.ofSeconds(60));
      Map<String, String> state = identicalStateOnEveryServer(c);
      assertEquals("3 up", state.get("jepsen/five/with-3"));
    }
  }

  /**
   * What a run measured, for the log and the benchmark notes.
   *
   * @param newLeaderMs per leader kill: until a surviving server names a new, live leader
   * @param recoveryMs per leader kill: until all agree on it and it acknowledged a write
   */
  record Result(
      int history,
      long ackedCas,
      long unknownCas,
      int ackedKeys,
      long failedCalls,
      List<Long> newLeaderMs,
      List<Long> recoveryMs) {}

  /**
   * Runs the workload and the nemesis on a started cluster, heals it, and checks everything.
   *
   * @param name the run's name (history file)
   * @param registerClients CAS clients
   * @param keyWriters unique-key writers
   */
  static Result run(String name, Cluster c, Duration length, int registerClients, int keyWriters)
      throws Exception {
    c.awaitLeader(Duration.ofSeconds(60));
    putWithRetry(c, Workload.REGISTER, "0");
    AtomicBoolean stop = new AtomicBoolean();
    Workload w = new Workload(KV, c::urls, stop);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < registerClients; i++) {
      int id = i;
      threads.add(new Thread(() -> w.registerClient(id), "register-" + i));
    }
    for (int i = 0; i < keyWriters; i++) {
      int id = i;
      threads.add(new Thread(() -> w.keyWriter(id), "writer-" + i));
    }
    threads.forEach(Thread::start);
    List<Long> recoveries = Collections.synchronizedList(new ArrayList<>());
    List<Long> elections = Collections.synchronizedList(new ArrayList<>());
    try {
      nemesis(c, length, elections, recoveries);
    } finally {
      stop.set(true);
      for (Thread t : threads) {
        t.join(15_000);
      }
      heal(c);
    }
    ServerProcess leader = c.awaitLeader(Duration.ofSeconds(60));
    awaitRegisterSettled(leader.url());
    long t0 = System.nanoTime();
    KvHttp.Read last = readWithRetry(leader.url());
    w.history.add(Op.read(99, last.value(), t0, System.nanoTime()));
    writeHistory(name, w.history);

    assertEquals(List.of(), w.violations, "per-client index order and unique CAS values");
    assertTrue(
        last.value() >= w.ackedCas.get() && last.value() <= w.ackedCas.get() + w.unknownCas.get(),
        "final register "
            + last.value()
            + " must lie between the acknowledged CAS count "
            + w.ackedCas.get()
            + " and that plus the unknown ones ("
            + w.unknownCas.get()
            + ")");
    Map<String, String> state = identicalStateOnEveryServer(c);
    List<String> lost = w.ackedKeys.stream().filter(k -> !state.containsKey(k)).sorted().toList();
    assertEquals(List.of(), lost, "acknowledged unique-key writes lost");
    assertEquals(Long.toString(last.value()), state.get(Workload.REGISTER));
    List<Op> history;
    synchronized (w.history) {
      history = List.copyOf(w.history);
    }
    assertTrue(
        CasRegisterChecker.isLinearizable(history, 50_000_000),
        "register history not linearizable: target/jepsen/" + name + "-history.json");
    assertTrue(w.ackedCas.get() > 0 && !w.ackedKeys.isEmpty(), "the workload made progress");
    return new Result(
        history.size(),
        w.ackedCas.get(),
        w.unknownCas.get(),
        w.ackedKeys.size(),
        w.failedCalls.get(),
        List.copyOf(elections),
        List.copyOf(recoveries));
  }

  /**
   * Until {@code length} is over, every 2-4 s: kill -9 the leader and restart it a second after a
   * new leader is up (recording the time to a new leader that accepts a write), or, in a cluster,
   * SIGSTOP a follower for twice the election timeout plus half a second and SIGCONT it.
   */
  static void nemesis(Cluster c, Duration length, List<Long> elections, List<Long> recoveries)
      throws Exception {
    long end = System.nanoTime() + length.toNanos();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    while (System.nanoTime() < end) {
      Thread.sleep(2000 + rnd.nextInt(2000));
      ServerProcess leader = c.awaitLeader(Duration.ofSeconds(30));
      if (c.servers.size() == 1 || rnd.nextBoolean()) {
        String old = c.leaderSeenBy(leader);
        long t0 = System.nanoTime();
        leader.kill9();
        if (c.servers.size() == 1) {
          Thread.sleep(500);
          leader.start();
        } else {
          elections.add(awaitNewLeader(c, old, t0));
        }
        c.awaitLeader(Duration.ofSeconds(30));
        putWithRetry(c, "jepsen/nemesis/after-" + t0, "resumed");
        recoveries.add((System.nanoTime() - t0) / 1_000_000);
        if (!leader.isRunning()) {
          Thread.sleep(1000);
          leader.start();
        }
      } else {
        List<ServerProcess> followers =
            c.servers.stream().filter(s -> s != leader && s.isRunning()).toList();
        if (!followers.isEmpty()) {
          ServerProcess f = followers.get(rnd.nextInt(followers.size()));
          f.pause();
          Thread.sleep(electionTimeout().toMillis() * 2 + 500);
          f.resume();
        }
      }
    }
  }

  /**
   * Polls the survivors until one names a live leader other than {@code old}; returns ms since t0.
   */
  static long awaitNewLeader(Cluster c, String old, long t0) throws InterruptedException {
    long deadline = t0 + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ServerProcess s : c.servers) {
        if (s.isRunning() && !s.isPaused()) {
          String l = c.leaderSeenBy(s);
          ServerProcess p = l.isEmpty() || l.equals(old) ? null : c.byAddress(l);
          if (p != null && p.isRunning()) {
            return (System.nanoTime() - t0) / 1_000_000;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no new leader within 30 s of killing " + old);
  }

  static void heal(Cluster c) throws IOException, InterruptedException {
    for (ServerProcess s : c.servers) {
      s.resume();
      if (!s.isRunning()) {
        s.start();
      }
    }
  }

  /** Waits until every server's own copy of {@code jepsen/} is the same; returns it. */
  static Map<String, String> identicalStateOnEveryServer(Cluster c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<Map<String, String>> dumps = List.of();
    while (System.nanoTime() < deadline) {
      dumps = new ArrayList<>();
      try {
        for (ServerProcess s : c.servers) {
          dumps.add(KV.dump(s.url(), "jepsen/"));
        }
        if (dumps.stream().distinct().count() == 1) {
          return dumps.get(0);
        }
      } catch (IOException e) {
        // a restarted server still loading; retry
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "servers did not converge within 30 s: sizes " + dumps.stream().map(Map::size).toList());
  }

  /** A plain write through any server, retried until one acknowledges it (30 s). */
  static void putWithRetry(Cluster c, String key, String value) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      for (ServerProcess s : c.servers) {
        if (!s.isRunning() || s.isPaused()) {
          continue;
        }
        try {
          if (KV.put(s.url(), key, "", value)) {
            return;
          }
        } catch (IOException e) {
          last = e;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no server accepted a write of " + key + " within 30 s: " + last);
  }

  /**
   * Waits until the register has not moved for longer than a server's write horizon. A CAS answered
   * with a 500 (an unknown outcome) may still be retried by the server's Raft client and commit
   * later, as Jepsen's indeterminate operations may; the final read must come after that, or it
   * would be compared with a state that moved after it.
   */
  static void awaitRegisterSettled(String url) throws InterruptedException {
    Duration quiet = Duration.ofSeconds(10); // the 7 s write timeout plus the client's last retries
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long value = readWithRetry(url).modifyIndex();
    long since = System.nanoTime();
    while (System.nanoTime() - since < quiet.toNanos()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the register kept changing for 60 s after the clients stopped");
      }
      Thread.sleep(250);
      long now = readWithRetry(url).modifyIndex();
      if (now != value) {
        value = now;
        since = System.nanoTime();
      }
    }
  }

  static KvHttp.Read readWithRetry(String url) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return KV.read(url, Workload.REGISTER, "consistent");
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("final read failed: " + e, e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** The history as JSON lines, one operation per line (porcupine-style fields). */
  static void writeHistory(String name, List<Op> history) throws IOException {
    Path dir = Path.of("target", "jepsen");
    Files.createDirectories(dir);
    List<Op> copy;
    synchronized (history) {
      copy = List.copyOf(history);
    }
    StringBuilder b = new StringBuilder();
    for (Op op : copy) {
      b.append(JSON.writeValueAsString(op)).append('\n');
    }
    Files.writeString(dir.resolve(name + "-history.json"), b);
  }
}
