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

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Properties;

/**
 * The NativeMesh release these classes belong to: one version for every module of the project
 * (semantic versioning, see the README's "Versioning"), read from {@code
 * nativemesh-version.properties}, which the build fills in from the POM, so no version is written
 * in code.
 *
 * <p>Reported by the SDK's {@code User-Agent} ({@code nativemesh-java/<version>}), the companion
 * server's {@code /v1/agent/version} and {@code /v1/agent/self}, and {@code nativemesh-server.jar
 * version}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class NativeMeshVersion {
  static final String RESOURCE = "nativemesh-version.properties";
  private static final NativeMeshVersion CURRENT = load();

  private final String version;
  private final Instant buildTimestamp;

  private NativeMeshVersion(String version, Instant buildTimestamp) {
    this.version = version;
    this.buildTimestamp = buildTimestamp;
  }

  /**
   * The version of the NativeMesh jars on the class path.
   *
   * @return the version
   * @throws IllegalStateException (at class initialization, so as an {@link
   *     ExceptionInInitializerError}) if the resource is missing or was not filled in by the build
   *     (classes compiled outside Maven)
   */
  public static NativeMeshVersion current() {
    return CURRENT;
  }

  /**
   * @return the project version, e.g. {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}
   */
  public String version() {
    return version;
  }

  /**
   * @return the build's reproducible timestamp ({@code project.build.outputTimestamp}): the time
   *     the release was cut, the same in every rebuild of it, not the time of this particular build
   */
  public Instant buildTimestamp() {
    return buildTimestamp;
  }

  /**
   * @return the {@code User-Agent} the SDK sends to Consul: {@code nativemesh-java/<version>}
   */
  public String userAgent() {
    return "nativemesh-java/" + version;
  }

  /**
   * @return {@code NativeMesh <version>}
   */
  @Override
  public String toString() {
    return "NativeMesh " + version;
  }

  static NativeMeshVersion load() {
    Properties p = new Properties();
    try (InputStream in = NativeMeshVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing class path resource io/nativemesh/core/"
                + RESOURCE
                + " (NativeMesh classes built outside Maven?)");
      }
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read io/nativemesh/core/" + RESOURCE + ": " + e, e);
    }
    return parse(p);
  }

  static NativeMeshVersion parse(Properties p) {
    String version = p.getProperty("version", "").trim();
    String timestamp = p.getProperty("buildTimestamp", "").trim();
    if (version.isEmpty() || version.contains("${")) {
      throw new IllegalStateException(
          RESOURCE + ": version '" + version + "' was not filled in by the build");
    }
    return new NativeMeshVersion(version, parseTimestamp(timestamp));
  }

  /** Maven's {@code outputTimestamp} forms: ISO-8601 with an offset, or seconds since the epoch. */
  private static Instant parseTimestamp(String t) {
    try {
      if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochSecond(Long.parseLong(t));
      }
      return Instant.parse(t);
    } catch (DateTimeException | NumberFormatException e) {
      throw new IllegalStateException(
          RESOURCE
              + ": buildTimestamp '"
              + t
              + "' is neither an ISO-8601 instant nor seconds since the epoch",
          e);
    }
  }
}
