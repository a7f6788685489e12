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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's exit statuses and messages, and its banner. */
class LauncherTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Launcher.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void unknownFlagExitsWithTwoNamingIt() {
    assertEquals(2, run("agent", "-dev", "-http-prot", "9000"));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("error: ") && e.contains("-http-prot"), e);
    assertTrue(e.contains("-http-port"), "the usage follows the error: " + e);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void malformedValueExitsWithTwoNamingFlagAndValue() {
    assertEquals(2, run("agent", "-dev", "-http-port=eighty"));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("-http-port") && e.contains("eighty"), e);
  }

  @Test
  void invalidConfigurationExitsWithOne() {
    assertEquals(1, run("agent", "-dev", "-config-file", "/nonexistent/agent.json"));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("/nonexistent/agent.json"), e);
  }

  @Test
  void helpListsTheFlagsAndExitsWithZero() {
    assertEquals(0, run("agent", "--help"));
    String o = out.toString(StandardCharsets.UTF_8);
    assertTrue(o.startsWith("Runs the companion server"), o);
    assertTrue(
        o.contains("-data-dir=<dir>")
            && o.contains("-leaf-cert-ttl=<duration>")
            && o.contains("-config-file=<file>"),
        o);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A cluster server starts before any leader has created the CA (here: one of three, so there is
   * never a leader); the banner said nothing of that and the launcher's main thread died with a
   * NullPointerException on the missing CA.
   */
  @Test
  void bannerOfAClusterServerBeforeItsCaExists(@TempDir Path dir) throws Exception {
    ServerConfig config =
        ServerConfig.builder()
            .nodeName("s1")
            .dataDir(dir.resolve("s1"))
            .leafCertTtl(Duration.ofHours(1))
            .cluster(
                ClusterConfig.of(
                    3,
                    "127.0.0.1",
                    TestPorts.free(),
                    List.of("127.0.0.1:" + TestPorts.free(), "127.0.0.1:" + TestPorts.free())))
            .build();
    try (ConsulServer server = ConsulServer.start(config)) {
      Launcher.printBanner(config, server, new PrintStream(out, true, StandardCharsets.UTF_8));
      String o = out.toString(StandardCharsets.UTF_8);
      assertTrue(
          o.contains("Node:           s1")
              && o.contains(
                  "Trust domain:   not yet known: the CA arrives with the replicated state")
              && o.contains("leaf TTL: 1h0m0s"),
          o);
      IllegalStateException e = assertThrows(IllegalStateException.class, server::trustDomain);
      assertTrue(e.getMessage().contains("first leader creates it"), e.getMessage());
    }
  }
}
