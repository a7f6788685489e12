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
package io.nativemesh.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party client: Debian's {@code python3-consul} (python-consul 0.7.1) drives the server
 * through {@code clients/python_consul_suite.py}: KV with a blocking read, sessions and locks,
 * agent registration with TTL checks, health and catalog. Skipped when the module is missing,
 * except on CI ({@code CI=true}) where a missing module fails the test.
 */
class PythonConsulClientIT {

  private static String python() throws InterruptedException {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p =
            new ProcessBuilder(candidate, "-c", "import consul").redirectErrorStream(true).start();
        if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
        p.destroyForcibly();
      } catch (IOException e) {
        // not installed under this name
      }
    }
    return null;
  }

  @Test
  void pythonConsulSuitePasses(@TempDir Path tmp) throws Exception {
    String python = python();
    if (python == null) {
      String msg =
          "python3 with the 'consul' module (Debian package python3-consul) is not installed";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + " (required when CI=true: apt-get install -y python3-consul)");
      }
      Assumptions.abort(msg);
    }
    Path script = tmp.resolve("python_consul_suite.py");
    try (InputStream in = getClass().getResourceAsStream("/clients/python_consul_suite.py")) {
      Files.copy(in, script);
    }
    try (ConsulServer server =
        ConsulServer.start(
            ServerConfig.builder().dev(true).nodeName("py-node-agent").httpPort(0).build())) {
      Process p =
          new ProcessBuilder(python, script.toString(), Integer.toString(server.httpPort()))
              .redirectErrorStream(true)
              .start();
      boolean done = p.waitFor(90, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done) {
        p.destroyForcibly();
        fail("python suite timed out:\n" + out);
      }
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("ALL OK"), out);
    }
  }
}
