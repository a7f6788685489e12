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

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One companion server as a child process on 127.0.0.1, run from the shaded launcher jar
 * (target/nativemesh-server.jar, built in the package phase before failsafe runs) or, when absent,
 * from the test class path. Can be killed with SIGKILL, paused with SIGSTOP, resumed with SIGCONT
 * and restarted on the same data directory. Its output goes to {@code <dataDir>.log}.
 */
final class ServerProcess implements AutoCloseable {
  final String node;
  final int httpPort;
  final int serverPort;
  private final Path dataDir;
  private final List<String> extraArgs;
  private Process process;
  private boolean paused;

  /**
   * @param node node name
   * @param httpPort HTTP API port
   * @param serverPort replication port (unused by a single server)
   * @param dataDir its data directory
   * @param extraArgs the flags after {@code agent -data-dir D -node N -http-port P}
   */
  ServerProcess(String node, int httpPort, int serverPort, Path dataDir, List<String> extraArgs) {
    this.node = node;
    this.httpPort = httpPort;
    this.serverPort = serverPort;
    this.dataDir = dataDir;
    this.extraArgs = List.copyOf(extraArgs);
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  synchronized void start() throws IOException {
    Files.createDirectories(dataDir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC"));
    Path jar = Path.of("target", "nativemesh-server.jar");
    if (Files.isRegularFile(jar)) {
      cmd.addAll(List.of("-jar", jar.toString()));
    } else {
      cmd.addAll(
          List.of("-cp", System.getProperty("java.class.path"), "io.nativemesh.server.Launcher"));
    }
    cmd.addAll(
        List.of(
            "agent",
            "-data-dir",
            dataDir.toString(),
            "-node",
            node,
            "-http-port",
            Integer.toString(httpPort)));
    cmd.addAll(extraArgs);
    File log = new File(dataDir + ".log");
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    paused = false;
  }

  synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  synchronized boolean isPaused() {
    return paused;
  }

  /** SIGKILL, as {@code kill -9}: no shutdown hook runs. */
  synchronized void kill9() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    paused = false;
  }

  /** SIGSTOP: the process keeps its sockets but answers nothing until {@link #resume()}. */
  synchronized void pause() throws IOException, InterruptedException {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT. */
  synchronized void resume() throws IOException, InterruptedException {
    if (paused) {
      signal("CONT");
      paused = false;
    }
  }

  private void signal(String sig) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + sig + " " + process.pid() + " failed");
    }
  }

  @Override
  public synchronized void close() throws Exception {
    if (process != null) {
      if (paused) {
        resume();
      }
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  @Override
  public String toString() {
    return node + "@" + url();
  }
}
