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
package io.nativemesh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The version resource the build fills in, and its parsing rules. */
class NativeMeshVersionTest {
  /**
   * The project version as the POM states it (sdk-core's parent version; tests run in sdk-core/).
   */
  private static String pomVersion() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    return XPathFactory.newInstance().newXPath().evaluate("/project/parent/version", pom).trim();
  }

  @Test
  void currentIsTheBuildsVersionNotAPlaceholder() throws Exception {
    NativeMeshVersion v = NativeMeshVersion.current();
    assertEquals(pomVersion(), v.version());
    assertEquals("nativemesh-java/" + pomVersion(), v.userAgent());
    assertEquals("NativeMesh " + pomVersion(), v.toString());
    assertTrue(
        v.version().matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?"),
        "semantic version: " + v.version());
    // the reproducible build timestamp (project.build.outputTimestamp), not the time of this build
    assertTrue(
        v.buildTimestamp().isAfter(Instant.parse("2026-01-01T00:00:00Z")),
        "build timestamp " + v.buildTimestamp());
    assertTrue(v.buildTimestamp().isBefore(Instant.now()), "build timestamp " + v.buildTimestamp());
  }

  @Test
  void parsesBothOutputTimestampForms() {
    assertEquals(
        Instant.parse("2026-12-01T00:00:00Z"),
        parse("1.2.3", "2026-12-01T00:00:00Z").buildTimestamp());
    assertEquals(
        Instant.parse("2026-11-30T23:00:00Z"),
        parse("1.2.3", "2026-12-01T00:00:00+01:00").buildTimestamp());
    assertEquals(Instant.ofEpochSecond(1796083200L), parse("1.2.3", "1796083200").buildTimestamp());
  }

  @Test
  void refusesAResourceTheBuildDidNotFillIn() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> parse("${project.version}", "${project.build.outputTimestamp}"));
    assertTrue(e.getMessage().contains("'${project.version}'"), e.getMessage());
    IllegalStateException t =
        assertThrows(IllegalStateException.class, () -> parse("1.2.3", "yesterday"));
    assertTrue(t.getMessage().contains("'yesterday'"), t.getMessage());
  }

  private static NativeMeshVersion parse(String version, String timestamp) {
    Properties p = new Properties();
    p.setProperty("version", version);
    p.setProperty("buildTimestamp", timestamp);
    return NativeMeshVersion.parse(p);
  }
}
