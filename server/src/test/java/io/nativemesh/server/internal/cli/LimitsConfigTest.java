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
package io.nativemesh.server.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.HttpLimits;
import io.nativemesh.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code limits} block of a config file (issue 18: connection limits are configurable). */
class LimitsConfigTest {

  private static ServerConfig load(Path file) {
    return AgentCommandLine.parse(
            new String[] {"agent", "-dev", "-config-file", file.toString()}, Clock.systemUTC())
        .config();
  }

  @Test
  void limitsComeFromTheConfigFileHclOrJson(@TempDir Path dir) throws Exception {
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "limits {\n  http_max_conns_per_client = 5\n  http_max_conns = 50\n}\n");
    assertEquals(new HttpLimits(5, 50), load(hcl).httpLimits());
    Path json = dir.resolve("agent.json");
    Files.writeString(json, "{\"limits\": {\"http_max_conns_per_client\": 7}}");
    HttpLimits l = load(json).httpLimits();
    assertEquals(7, l.maxConnsPerClient());
    assertEquals(HttpLimits.defaults().maxConns(), l.maxConns());
  }

  @Test
  void theDefaultIsConsuls200PerClient() {
    assertEquals(
        200,
        AgentCommandLine.parse(new String[] {"agent", "-dev"}, Clock.systemUTC())
            .config()
            .httpLimits()
            .maxConnsPerClient());
  }

  @Test
  void aLimitBelowOneIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("agent.json");
    Files.writeString(json, "{\"limits\": {\"http_max_conns_per_client\": 0}}");
    // InvalidConfigurationException, or the usage error that wraps it
    RuntimeException e = assertThrows(RuntimeException.class, () -> load(json));
    assertTrue(e.getMessage().contains("limits.http_max_conns_per_client"), e.getMessage());
  }
}
