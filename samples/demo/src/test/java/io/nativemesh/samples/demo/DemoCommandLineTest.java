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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.samples.greeter.Sample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo launcher's command line: its flags, help, and errors naming the flag. */
class DemoCommandLineTest {

  @Test
  void demoFlags() {
    GreeterDemo.Main m = new GreeterDemo.Main();
    Sample.commandLine(m).parseArgs();
    assertEquals(Duration.ofSeconds(30), m.duration);
    assertEquals(null, m.leafCertTtl); // 6s on one server, 30s on a cluster
    assertEquals(1, m.servers);
    assertEquals(null, m.killLeaderEvery);
    m = new GreeterDemo.Main();
    Sample.commandLine(m).parseArgs("-duration=1m30s", "-leaf-cert-ttl", "10s");
    assertEquals(Duration.ofSeconds(90), m.duration);
    assertEquals(Duration.ofSeconds(10), m.leafCertTtl);
    m = new GreeterDemo.Main();
    Sample.commandLine(m).parseArgs("-servers", "3", "-kill-leader-every", "10s");
    assertEquals(3, m.servers);
    assertEquals(Duration.ofSeconds(10), m.killLeaderEvery);
  }

  @Test
  void badValueExitsWithTwoNamingIt() {
    assertEquals(2, run(new GreeterDemo.Main(), "-duration", "soon"));
    assertTrue(
        err.toString().contains("-duration") && err.toString().contains("soon"), err.toString());
  }

  @Test
  void clusterFlagsAreCheckedBeforeAnythingStarts() {
    assertEquals(2, run(new GreeterDemo.Main(), "-servers", "2"));
    assertTrue(err.toString().contains("-servers must be 1, 3 or 5, not 2"), err.toString());
    assertEquals(2, run(new GreeterDemo.Main(), "-kill-leader-every", "10s"));
    assertTrue(err.toString().contains("-kill-leader-every needs -servers 3"), err.toString());
    assertEquals(2, run(new GreeterDemo.Main(), "-servers", "3", "-kill-leader-every", "0s"));
    assertTrue(
        err.toString().contains("-kill-leader-every must be positive, not 0s"), err.toString());
  }

  @Test
  void helpListsTheFlags() {
    assertEquals(0, run(new GreeterDemo.Main(), "-h"));
    assertTrue(
        out.toString().contains("-duration=<duration>")
            && out.toString().contains("-leaf-cert-ttl")
            && out.toString().contains("-servers=<n>")
            && out.toString().contains("-kill-leader-every=<duration>"),
        out.toString());
  }

  private StringWriter out;
  private StringWriter err;

  private int run(Object command, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine c = Sample.commandLine(command);
    c.setOut(new PrintWriter(out, true));
    c.setErr(new PrintWriter(err, true));
    return c.execute(Sample.oneDash(args));
  }
}
