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

import io.nativemesh.core.model.IssuedCert;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sidecar baseline: two HAProxy processes in TCP mode on 127.0.0.1 — client → local HAProxy
 * (plain) → mutual TLS → remote HAProxy → plain server — configured with leaf certificates and
 * roots issued by the companion server's Connect CA. Both sides require and verify the peer's chain
 * against the mesh roots ({@code verify required}); neither checks the SPIFFE URI SAN (HAProxy
 * would need extra ACLs or Lua for that), so this baseline verifies less than the SDK does. Each
 * process runs in the foreground ({@code -db}) as a child of this JVM; {@link #close()} terminates
 * both.
 */
public final class HaproxyPair implements AutoCloseable {
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final int localPort;
  private final int meshPort;

  /**
   * Writes the PEM files and configurations into {@code dir} and starts both processes.
   *
   * @param haproxy the HAProxy binary
   * @param dir a private working directory (keys are written there)
   * @param clientLeaf the client-side sidecar's leaf (certificate chain and key)
   * @param serverLeaf the server-side sidecar's leaf
   * @param rootsPem every CA root, PEM
   * @param serverPort the plain server the remote HAProxy forwards to
   * @throws IOException if a process does not start or listen within 10 s
   */
  public HaproxyPair(
      String haproxy,
      Path dir,
      IssuedCert clientLeaf,
      IssuedCert serverLeaf,
      String rootsPem,
      int serverPort)
      throws IOException {
    this.dir = dir;
    Path root = write("root.pem", rootsPem);
    Path clientPem = write("client.pem", pem(clientLeaf));
    Path serverPem = write("server.pem", pem(serverLeaf));
    this.localPort = freePort();
    this.meshPort = freePort();
    String remote =
        GLOBAL
            + "frontend mesh_in\n"
            + "  bind 127.0.0.1:"
            + meshPort
            + " ssl crt "
            + serverPem
            + " ca-file "
            + root
            + " verify required\n"
            + "  default_backend app\n"
            + "backend app\n"
            + "  server app 127.0.0.1:"
            + serverPort
            + "\n";
    String local =
        GLOBAL
            + "frontend upstream\n"
            + "  bind 127.0.0.1:"
            + localPort
            + "\n"
            + "  default_backend mesh\n"
            + "backend mesh\n"
            + "  server remote 127.0.0.1:"
            + meshPort
            + " ssl crt "
            + clientPem
            + " ca-file "
            + root
            + " verify required\n";
    try {
      start(haproxy, "remote", write("remote.cfg", remote), meshPort);
      start(haproxy, "local", write("local.cfg", local), localPort);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private static final String GLOBAL =
      "global\n"
          + "  maxconn 4096\n"
          + "defaults\n"
          + "  mode tcp\n"
          + "  timeout connect 5s\n"
          + "  timeout client 120s\n"
          + "  timeout server 120s\n";

  private static String pem(IssuedCert leaf) {
    String certs = leaf.certPem().endsWith("\n") ? leaf.certPem() : leaf.certPem() + "\n";
    return certs + leaf.privateKeyPem() + (leaf.privateKeyPem().endsWith("\n") ? "" : "\n");
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  private void start(String haproxy, String name, Path cfg, int port) throws IOException {
    Process p =
        new ProcessBuilder(haproxy, "-db", "-f", cfg.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    processes.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException(
            "haproxy (" + name + ") exited with " + p.exitValue() + ": " + log(name));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IOException(
        "haproxy (" + name + ") does not listen on " + port + " after 10 s: " + log(name));
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /**
   * @return the output of both processes so far
   */
  public String logs() {
    return "local: " + log("local").strip() + " | remote: " + log("remote").strip();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * @return the client-side HAProxy's plain port (where clients connect)
   */
  public int localPort() {
    return localPort;
  }

  /**
   * @return the server-side HAProxy's mTLS port
   */
  public int meshPort() {
    return meshPort;
  }

  /**
   * @return the process ids (for CPU accounting)
   */
  public List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  /**
   * @return true while both processes run
   */
  public boolean alive() {
    return processes.size() == 2 && processes.stream().allMatch(Process::isAlive);
  }

  /** Terminates both processes (SIGTERM, then SIGKILL after 5 s) and deletes the key files. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (String f : new String[] {"client.pem", "server.pem", "root.pem"}) {
      try {
        Files.deleteIfExists(dir.resolve(f));
      } catch (IOException ignored) {
        // best effort
      }
    }
  }
}
