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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The greeter demo as a user runs it ({@code java -jar target/nativemesh-demo.jar}) on a
 * three-server Raft cluster whose leader is {@code kill -9}ed every 8 s while greeter is called:
 * every call succeeds (the services' leaf cache and watches ride out the kills), the leader really
 * changes at every kill, every service rotates its leaf during the kills (the demo's cluster issues
 * 30 s leaves), no serial number is issued to two services, and the demo exits 0.
 */
class GreeterLeaderKillIT {
  private static final Pattern KILL =
      Pattern.compile("\\[demo\\] kill -9 the leader (s\\d) \\(.*\\) at \\+([0-9.]+) s");
  private static final Pattern ELECTED =
      Pattern.compile("\\[demo\\] new leader (s\\d) named (\\d+) ms after (s\\d) was killed");
  private static final Pattern LEAF =
      Pattern.compile(
          "^\\[([a-z]+)-\\d+\\] (got|rotated) certificate (?:\\S+ )?serial ([0-9a-f:]+) ");
  private static final Pattern DONE =
      Pattern.compile("\\[demo\\] done: (\\d+) calls succeeded, (\\d+) failed");

  private final List<String> lines = new ArrayList<>();
  private Process demo;
  private final Set<ProcessHandle> children = ConcurrentHashMap.newKeySet();

  @Test
  void everyCallSucceedsWhileTheLeaderIsKilled() throws Exception {
    Path jar = Path.of("target", "nativemesh-demo.jar");
    assertTrue(Files.isRegularFile(jar), jar + " is built in the package phase");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    demo =
        new ProcessBuilder(
                java,
                "-jar",
                jar.toString(),
                "-servers",
                "3",
                "-kill-leader-every",
                "8s",
                "-duration",
                "30s")
            .redirectErrorStream(true)
            .start();
    Thread pump = new Thread(this::pump, "demo-output");
    pump.setDaemon(true);
    pump.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    boolean exited = false;
    while (!exited && System.nanoTime() < deadline) {
      // remember every server and service the demo started (a restarted server too), so that
      // they can be killed even if the demo itself has to be
      demo.descendants().forEach(children::add);
      exited = demo.waitFor(1, TimeUnit.SECONDS);
    }
    assertTrue(exited, "the demo did not end within 150 s:\n" + output());
    pump.join(5000);
    String out = output();

    List<String[]> kills = new ArrayList<>();
    List<String[]> elections = new ArrayList<>();
    int ok = -1;
    int failed = -1;
    Map<String, Integer> rotations = new TreeMap<>();
    Map<String, Set<String>> serviceOfSerial = new TreeMap<>();
    for (String line : snapshot()) {
      Matcher leaf = LEAF.matcher(line);
      if (leaf.find()) {
        String instance = line.substring(1, line.indexOf(']'));
        serviceOfSerial.computeIfAbsent(leaf.group(3), k -> new TreeSet<>()).add(leaf.group(1));
        if (leaf.group(2).equals("rotated")) {
          rotations.merge(instance, 1, Integer::sum);
        }
      }
      Matcher m = KILL.matcher(line);
      if (m.find()) {
        kills.add(new String[] {m.group(1), m.group(2)});
      }
      m = ELECTED.matcher(line);
      if (m.find()) {
        elections.add(new String[] {m.group(1), m.group(2), m.group(3)});
      }
      m = DONE.matcher(line);
      if (m.find()) {
        ok = Integer.parseInt(m.group(1));
        failed = Integer.parseInt(m.group(2));
      }
    }
    assertEquals(0, failed, "calls failed during the leader kills:\n" + out);
    assertTrue(ok >= 20, "too few calls (" + ok + "):\n" + out);
    assertTrue(kills.size() >= 2, "fewer than two leader kills during the calls:\n" + out);
    assertEquals(kills.size(), elections.size(), "a kill without a new leader:\n" + out);
    for (int i = 0; i < kills.size(); i++) {
      String killed = kills.get(i)[0];
      assertEquals(killed, elections.get(i)[2], out);
      assertNotEquals(killed, elections.get(i)[0], "the leader did not change:\n" + out);
    }
    // timer-driven renewals while the leader was being killed, not only failover re-issues
    for (String instance : List.of("greeting-1", "name-1", "name-2", "greeter-1")) {
      assertTrue(
          rotations.getOrDefault(instance, 0) >= 1,
          instance + " never rotated its leaf during the kills " + rotations + ":\n" + out);
    }
    // two instances of one service may share a leaf (one server's cache); two services never
    serviceOfSerial.forEach(
        (serial, services) ->
            assertEquals(1, services.size(), "serial " + serial + " issued to " + services));
    assertEquals(0, demo.exitValue(), out);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (demo == null) {
      return;
    }
    List<ProcessHandle> all = new ArrayList<>(children);
    all.addAll(demo.descendants().toList());
    demo.destroy(); // SIGTERM: the demo's shutdown hook stops its servers and services
    if (!demo.waitFor(30, TimeUnit.SECONDS)) {
      demo.destroyForcibly();
    }
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
  }

  private void pump() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        System.out.println(line);
        synchronized (lines) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // the demo ended
    }
  }

  private List<String> snapshot() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  private String output() {
    return String.join("\n", snapshot());
  }
}
