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

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.NativeMeshVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server reports the NativeMesh version (read from the build's version resource) where Consul
 * reports its own: /v1/agent/version, /v1/agent/self and the {@code version} command.
 */
class VersionReportingTest {
  private static final NativeMeshVersion V = NativeMeshVersion.current();

  @Test
  void agentVersionKeepsConsulsFieldsAndAddsOurVersionAsBuildMetadata() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> r = s.get("/v1/agent/version");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode body = TestServer.json(r);
      assertEquals(List.of("SHA", "BuildDate", "HumanVersion", "FIPS"), fieldNames(body));
      assertEquals("1.17.0+nativemesh." + V.version(), body.get("HumanVersion").asText());
      assertEquals(V.buildTimestamp().toString(), body.get("BuildDate").asText());
      assertEquals("", body.get("FIPS").asText());
    }
  }

  @Test
  void agentSelfKeepsTheConsulApiLevelAsVersion() {
    try (TestServer s = TestServer.dev()) {
      JsonNode config = TestServer.json(s.get("/v1/agent/self")).get("Config");
      assertEquals("1.17.0", config.get("Version").asText());
      assertEquals("nativemesh." + V.version(), config.get("VersionMetadata").asText());
      assertEquals("", config.get("VersionPrerelease").asText());
      assertEquals(V.buildTimestamp().toString(), config.get("BuildDate").asText());
    }
  }

  @Test
  void versionCommandAndFlags() {
    String expected =
        "NativeMesh server v"
            + V.version()
            + System.lineSeparator()
            + "Consul API 1.17.0+nativemesh."
            + V.version()
            + System.lineSeparator()
            + "Build Date "
            + V.buildTimestamp()
            + System.lineSeparator();
    for (String arg : List.of("version", "--version", "-version", "-v")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          Launcher.run(
              new String[] {arg},
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(0, code, arg + ": " + err.toString(StandardCharsets.UTF_8));
      assertEquals(expected, out.toString(StandardCharsets.UTF_8), arg);
      assertEquals("", err.toString(StandardCharsets.UTF_8), arg);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
