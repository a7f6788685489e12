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
package io.nativemesh.samples.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The greeter samples' command lines: the flags the demo passes, help, and errors naming the flag.
 */
class SampleCommandLinesTest {

  @Test
  void greeterServiceFlags() {
    GreeterService.Main m = new GreeterService.Main();
    Sample.commandLine(m).parseArgs();
    assertEquals("greeter-1", m.instance);
    assertEquals(8080, m.port);
    m = new GreeterService.Main();
    Sample.commandLine(m).parseArgs("-instance", "greeter-2", "-port=9090");
    assertEquals("greeter-2", m.instance);
    assertEquals(9090, m.port);
  }

  @Test
  void wordServiceFlags() {
    WordService.Main m = new WordService.Main();
    Sample.commandLine(m).parseArgs("-service", "name", "-instance", "name-1");
    assertEquals("name", m.service);
    assertEquals("name-1", m.instanceOrDefault());
    assertEquals(0, m.port);
    m = new WordService.Main();
    Sample.commandLine(m).parseArgs();
    assertEquals("greeting", m.service);
    assertNull(m.instance);
    assertEquals("greeting-1", m.instanceOrDefault());
  }

  @Test
  void badFlagOrValueExitsWithTwoNamingIt() {
    assertEquals(2, run(new GreeterService.Main(), "-prot", "1"));
    assertTrue(err.toString().contains("-prot"), err.toString());
    assertEquals(2, run(new GreeterService.Main(), "--port", "eighty"));
    assertTrue(
        err.toString().contains("-port") && err.toString().contains("eighty"), err.toString());
  }

  @Test
  void helpListsTheFlags() {
    assertEquals(0, run(new WordService.Main(), "--help"));
    assertTrue(
        out.toString().contains("-service=<service>") && out.toString().contains("-port=<port>"),
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
