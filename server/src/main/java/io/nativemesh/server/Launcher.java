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
package io.nativemesh.server;

import io.nativemesh.core.GoDuration;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.NativeMeshVersion;
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.server.internal.ca.ColonHex;
import io.nativemesh.server.internal.cli.AgentCommandLine;
import io.nativemesh.server.internal.cli.UsageException;
import io.nativemesh.server.internal.endpoints.AgentApi;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry point, in the style of {@code consul agent}: {@code java -jar
 * nativemesh-server.jar agent (-dev | -data-dir dir) [-config-file f.json] [-config-dir d]
 * [-http-port 8500] [-client 127.0.0.1] [-bind addr] [-datacenter dc1] [-node name]
 * [-default-intention-policy allow|deny] [-leaf-cert-ttl 72h]}; {@code agent -help} lists the
 * flags. Flags accept {@code -flag value} and {@code -flag=value}. Exit status: 0 after a clean
 * shutdown or help; 2 for a command line that does not parse (an unknown flag, a malformed value, a
 * missing {@code -dev}/{@code -data-dir}), with an error naming the flag; 1 for an invalid
 * configuration (a configuration file, a value the configuration rejects) or a bind error.
 * SIGTERM/SIGINT close the server cleanly. {@code version} (or {@code --version}, {@code -version},
 * {@code -v}) prints the NativeMesh version, the Consul API level served and the build date, as
 * {@code consul version} does.
 *
 * @since 0.1.0
 */
public final class Launcher {
  private Launcher() {}

  /**
   * Starts the server and blocks until the JVM shuts down.
   *
   * @param args the command line, e.g. {@code agent -dev}
   */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Parses, starts and waits; returns only on an error or after a shutdown signal.
   *
   * @param args the command line
   * @param out standard output (startup banner)
   * @param err standard error (warnings, errors)
   * @return the exit status: 0 after a clean shutdown or help, 2 for a command line that does not
   *     parse, 1 for an invalid configuration or a bind error
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1
        && (args[0].equals("version")
            || args[0].equals("--version")
            || args[0].equals("-version")
            || args[0].equals("-v"))) {
      out.println(versionText());
      return 0;
    }
    AgentCommandLine.Parsed parsed;
    try {
      parsed = AgentCommandLine.parse(args, Clock.systemUTC());
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.print(e.usage());
      return 2;
    } catch (InvalidConfigurationException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    if (parsed.help()) {
      out.print(parsed.helpText());
      return 0;
    }
    parsed.warnings().forEach(err::println);
    ConsulServer server;
    try {
      // PUT /v1/agent/reload re-reads the same command line and configuration files
      server =
          ConsulServer.start(
              parsed.config(), () -> AgentCommandLine.parse(args, Clock.systemUTC()).config());
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "nativemesh-shutdown"));
    printBanner(parsed.config(), server, out);
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }

  /**
   * Prints the startup banner. A cluster server may start before its first leader has created the
   * CA; the banner then says so instead of naming the trust domain and root.
   */
  static void printBanner(ServerConfig config, ConsulServer server, PrintStream out) {
    out.println(
        "==> NativeMesh server running ("
            + (config.dataDir() == null
                ? "dev mode: state is in memory"
                : "durable state in " + config.dataDir())
            + ")");
    out.println("    HTTP address:   " + server.httpUrl());
    out.println("    Datacenter:     " + config.datacenter());
    out.println("    Node:           " + config.nodeName());
    CaRoot root = server.activeRootOrNull();
    if (root == null) {
      out.println(
          "    Trust domain:   not yet known: the CA arrives with the replicated state (a new"
              + " cluster's first leader creates it; GET /v1/connect/ca/roots)");
    } else {
      out.println("    Trust domain:   " + server.trustDomain());
      out.println(
          "    CA root serial: "
              + ColonHex.serial(BigInteger.valueOf(root.serialNumber()))
              + " (ID "
              + root.id()
              + ")");
    }
    out.println(
        "    Default intention policy: "
            + config.defaultIntentionPolicy().wireName()
            + ", leaf TTL: "
            + GoDuration.format(config.leafCertTtl())
            + (config.shortLeafCertTtlAllowed() && !config.dev()
                ? " (-allow-short-leaf-cert-ttl: below Consul's 1h minimum, for tests and demos)"
                : ""));
  }

  /**
   * @return what {@code version} prints: {@code NativeMesh server v<version>}, the Consul API level
   *     ({@code Consul API 1.17.0+nativemesh.<version>}) and {@code Build Date <RFC 3339>}, one a
   *     line
   */
  static String versionText() {
    NativeMeshVersion v = NativeMeshVersion.current();
    return "NativeMesh server v"
        + v.version()
        + System.lineSeparator()
        + "Consul API "
        + AgentApi.CONSUL_API_VERSION
        + "+"
        + AgentApi.versionMetadata()
        + System.lineSeparator()
        + "Build Date "
        + v.buildTimestamp();
  }
}
