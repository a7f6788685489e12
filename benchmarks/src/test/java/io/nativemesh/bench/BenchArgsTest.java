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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The harnesses' command lines, as docs/benchmarks*.md spell them. */
class BenchArgsTest {

  private static <T> T parse(T options, String... args) {
    BenchArgs.commandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void discoveryBenchKeyValueOptions() {
    DiscoveryBench.Args d = parse(new DiscoveryBench.Args());
    assertArrayEquals(new int[] {1, 16}, d.measure.conns);
    assertEquals(3, d.measure.rounds);
    assertEquals(1, d.measure.warmupSeconds);
    assertEquals(4, d.measure.seconds);
    assertEquals(256, d.bulkMiB);
    assertEquals(2, d.bulkRounds);
    assertEquals("haproxy", d.haproxy);
    d =
        parse(
            new DiscoveryBench.Args(),
            "conns=4,8,32",
            "rounds=5",
            "warmup=2",
            "seconds=6",
            "bulkMiB=64",
            "bulkRounds=1",
            "haproxy=/usr/sbin/haproxy");
    assertArrayEquals(new int[] {4, 8, 32}, d.measure.conns);
    assertEquals(5, d.measure.rounds);
    assertEquals(2, d.measure.warmupSeconds);
    assertEquals(6, d.measure.seconds);
    assertEquals(64, d.bulkMiB);
    assertEquals(1, d.bulkRounds);
    assertEquals("/usr/sbin/haproxy", d.haproxy);
  }

  @Test
  void socketCpuBenchKeyValueOptions() {
    SocketCpuBench.Args s = parse(new SocketCpuBench.Args(), "conns=1", "seconds=3");
    assertArrayEquals(new int[] {1}, s.measure.conns);
    assertEquals(3, s.measure.rounds);
    assertEquals(2, s.measure.warmupSeconds);
    assertEquals(3, s.measure.seconds);
  }

  @Test
  void positionalHarnesses() {
    ServerBench.Args b = parse(new ServerBench.Args());
    assertEquals("all", b.mode);
    assertEquals(8.0, b.seconds);
    assertEquals("server/target/nativemesh-server.jar", b.jar);
    b = parse(new ServerBench.Args(), "watchers", "8", "x.jar");
    assertEquals("watchers", b.mode);
    assertEquals("x.jar", b.jar);
    TlsBenchReport.Args t = parse(new TlsBenchReport.Args(), "3");
    assertEquals(3, t.iterations);
    assertEquals(2, t.seconds);
    assertEquals(18577, parse(new FanoutFloor.Args(), "18577").port);
  }

  @Test
  void errorsNameTheOptionAndValue() {
    assertMessage("rond=2", () -> parse(new DiscoveryBench.Args(), "rond=2"));
    assertMessage("'rounds'", () -> parse(new DiscoveryBench.Args(), "rounds=x"));
    assertMessage("'x'", () -> parse(new SocketCpuBench.Args(), "conns=1,x"));
    assertMessage("kv-write", () -> parse(new ServerBench.Args(), "kv-write"));
    assertMessage("PORT", () -> parse(new FanoutFloor.Args()));
  }

  @Test
  void helpListsTheOptions() {
    CommandLine c = BenchArgs.commandLine(new DiscoveryBench.Args());
    c.parseArgs("--help");
    assertTrue(c.isUsageHelpRequested());
    String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
    for (String o :
        new String[] {
          "conns=", "rounds=", "warmup=", "seconds=", "bulkMiB=", "bulkRounds=", "haproxy="
        }) {
      assertTrue(usage.contains(o), o + " missing from\n" + usage);
    }
  }

  private static void assertMessage(String part, Executable parse) {
    ParameterException e = assertThrows(ParameterException.class, parse);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
