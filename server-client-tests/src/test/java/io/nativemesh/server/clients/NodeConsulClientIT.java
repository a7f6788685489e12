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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Third-party client: Node's {@code consul} package (2.0.1, pinned by {@code
 * src/test/node/package-lock.json}, installed by {@code npm ci} from {@code .ci/run}) drives the
 * server through {@code src/test/node/consul_suite.mjs}: the built-in {@code consul} service,
 * {@code serfHealth} outside the agent checks, {@code agent/self}, registration with an
 * integer-nanosecond TTL, acquire with an unknown session, a transaction with lowercase field
 * names, events, join/force-leave/reload of a single node and ACL endpoints with ACLs disabled.
 * Skipped when Node or the installed package is missing, except on CI ({@code CI=true}) where that
 * fails the test.
 */
class NodeConsulClientIT {
  private static final Path DIR = Path.of("src", "test", "node");

  @Test
  void nodeConsulSuitePasses() throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules").resolve("consul"))) {
      String msg =
          "Node's consul package is not installed (run: cd server-client-tests/src/test/node && npm ci)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + " (required when CI=true)");
      }
      Assumptions.abort(msg);
    }
    try (ConsulServer server =
        ConsulServer.start(
            ServerConfig.builder().dev(true).nodeName("node-js-agent").httpPort(0).build())) {
      Process p =
          new ProcessBuilder("node", "consul_suite.mjs", Integer.toString(server.httpPort()))
              .directory(DIR.toFile())
              .redirectErrorStream(true)
              .start();
      boolean done = p.waitFor(90, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done) {
        p.destroyForcibly();
        fail("node suite timed out:\n" + out);
      }
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("ALL OK"), out);
    }
  }
}
