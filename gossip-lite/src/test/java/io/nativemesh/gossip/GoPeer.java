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

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The Go memberlist reference peer (src/test/go/mlpeer) as a child process: builds it once per JVM
 * with build-peer.sh, starts it, and records its JSON lines (member lists, events, user messages).
 * With CI=true a missing Go toolchain or memberlist package fails the test; elsewhere the test is
 * skipped with a message.
 */
final class GoPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path binary;
  private static String buildError;

  final String name;
  final int port;
  private final Process process;
  private final Writer stdin;
  private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
  private final Map<String, JsonNode> lastMembers = new ConcurrentHashMap<>();
  private final Thread reader;

  static synchronized Path binary() {
    if (binary == null && buildError == null) {
      Path module = Paths.get("").toAbsolutePath();
      Path script = module.resolve("src/test/go/build-peer.sh");
      try {
        Process p =
            new ProcessBuilder("sh", script.toString(), module.resolve("target/go-peer").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          buildError = "go peer build timed out";
        } else if (p.exitValue() != 0) {
          buildError = "go peer build failed: " + out;
        } else {
          binary = module.resolve("target/go-peer/mlpeer");
        }
      } catch (IOException e) {
        buildError = "go peer build failed: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        buildError = "interrupted";
      }
    }
    if (binary == null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and the Go memberlist peer cannot be built: " + buildError);
      }
      Assumptions.abort(
          "Go memberlist peer unavailable (install golang-go "
              + "golang-github-hashicorp-memberlist-dev): "
              + buildError);
    }
    return binary;
  }

  private GoPeer(String name, int port, List<String> args) throws IOException {
    this.name = name;
    this.port = port;
    List<String> cmd = new ArrayList<>();
    cmd.add(binary().toString());
    cmd.addAll(List.of("-name", name, "-port", Integer.toString(port), "-bind", "127.0.0.1"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(new File("target/go-peer-" + name + ".err")));
    this.process = pb.start();
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader = new Thread(this::readLoop, "go-peer-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a peer; {@code args} are extra flags (e.g. "-join", "127.0.0.1:1234", "-profile",
   * "local").
   */
  static GoPeer start(String name, int port, String... args) throws IOException {
    List<String> a = new ArrayList<>(List.of("-run-for", "120s", "-profile", "local"));
    a.addAll(List.of(args));
    GoPeer p = new GoPeer(name, port, a);
    p.awaitLine(n -> "ready".equals(n.path("t").asText()), Duration.ofSeconds(10));
    return p;
  }

  private void readLoop() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        try {
          JsonNode n = JSON.readTree(line);
          lines.add(n);
          if ("members".equals(n.path("t").asText())) {
            lastMembers.put(n.path("self").asText(), n);
          }
        } catch (IOException e) {
          // not JSON: ignore
        }
      }
    } catch (IOException e) {
      // process ended
    }
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends a stdin command (see main.go handleCommand). */
  void command(String cmd) throws IOException {
    stdin.write(cmd + "\n");
    stdin.flush();
  }

  /**
   * Latest member list of instance {@code self} (default: this peer's name): name → member JSON.
   */
  Map<String, JsonNode> members() {
    return members(name);
  }

  Map<String, JsonNode> members(String self) {
    Map<String, JsonNode> m = new TreeMap<>();
    JsonNode n = lastMembers.get(self);
    if (n != null) {
      for (JsonNode x : n.path("members")) {
        m.put(x.path("name").asText(), x);
      }
    }
    return m;
  }

  List<JsonNode> lines() {
    return List.copyOf(lines);
  }

  /**
   * Waits until the member list satisfies {@code p}; returns whether it did within {@code timeout}.
   */
  boolean awaitMembers(Predicate<Map<String, JsonNode>> p, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (p.test(members())) {
        return true;
      }
      Thread.sleep(100);
    }
    return p.test(members());
  }

  JsonNode awaitLine(Predicate<JsonNode> p, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (JsonNode n : lines) {
        if (p.test(n)) {
          return n;
        }
      }
      if (!process.isAlive() && lines.stream().noneMatch(p)) {
        break;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return lines.stream().filter(p).findFirst().orElse(null);
  }

  /** SIGKILL by PID (a crash: no leave message). */
  void kill() throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start();
    k.waitFor(5, TimeUnit.SECONDS);
    process.waitFor(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String stderrOf(String name) {
    try {
      return Files.readString(Paths.get("target/go-peer-" + name + ".err"));
    } catch (IOException e) {
      return "";
    }
  }
}
