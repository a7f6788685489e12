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
package io.nativemesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.MissingDependencyException;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * gossip-lite and sdk-netty are optional dependencies of the SDK: without them on the class path
 * the plain-JSSE façade still works, and the opt-in features fail with a {@link
 * MissingDependencyException} naming the Maven coordinates to add, not with a {@link
 * NoClassDefFoundError}.
 */
class OptionalDependenciesTest {

  /** The test class path minus gossip-lite, sdk-netty and every Netty jar. */
  private static URL[] classPathWithoutOptionalJars(List<String> removed)
      throws MalformedURLException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      String p = entry.replace('\\', '/');
      if (p.contains("/io/netty/") || p.contains("gossip-lite") || p.contains("sdk-netty")) {
        removed.add(p);
      } else if (!entry.isEmpty()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return urls.toArray(new URL[0]);
  }

  @Test
  void optInFeaturesNameTheArtifactToAddWhenItIsMissing() throws Exception {
    List<String> removed = new ArrayList<>();
    URL[] urls = classPathWithoutOptionalJars(removed);
    assertTrue(
        removed.stream().anyMatch(p -> p.contains("gossip-lite")),
        "gossip-lite not on the test class path: " + removed);
    assertTrue(
        removed.stream().anyMatch(p -> p.contains("sdk-netty")),
        "sdk-netty not on the test class path: " + removed);
    assertTrue(
        removed.stream().anyMatch(p -> p.contains("/io/netty/")),
        "Netty not on the test class path: " + removed);
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      assertThrows(
          ClassNotFoundException.class, () -> loader.loadClass("io.nativemesh.gossip.GossipPool"));
      assertThrows(
          ClassNotFoundException.class, () -> loader.loadClass("io.netty.channel.Channel"));
      Class<?> probe = loader.loadClass(WithoutOptionalJars.class.getName());
      assertNotSame(
          WithoutOptionalJars.class, probe, "the probe must come from the reduced class path");
      @SuppressWarnings("unchecked")
      List<String> got = (List<String>) probe.getMethod("useOptInFeatures").invoke(null);
      assertEquals(5, got.size(), String.valueOf(got));
      assertMissing(got.get(0), "joinGossip", "io.nativemesh:nativemesh-gossip-lite");
      assertMissing(got.get(1), "nettyServerContext", "io.nativemesh:nativemesh-sdk-netty");
      assertMissing(got.get(2), "upstreamListener", "io.nativemesh:nativemesh-sdk-netty");
      assertMissing(got.get(3), "inboundForwarder", "io.nativemesh:nativemesh-sdk-netty");
      assertEquals(
          "serverSslContext: returned TLS",
          got.get(4),
          "the plain-JSSE context works without the optional jars");
    }
  }

  private static void assertMissing(String line, String feature, String coordinates) {
    assertTrue(
        line.startsWith(feature + ": MissingDependencyException " + coordinates + " | "), line);
    assertTrue(
        line.contains(
            "<artifactId>" + coordinates.substring(coordinates.indexOf(':') + 1) + "</artifactId>"),
        line);
  }

  @Test
  void requireNamesTheFeatureTheClassAndTheCoordinates() {
    MissingDependencyException e =
        assertThrows(
            MissingDependencyException.class,
            () ->
                MissingDependencyException.require(
                    "local forwarders",
                    "io.nativemesh:nativemesh-sdk-netty",
                    getClass().getClassLoader(),
                    "java.lang.String",
                    "io.nativemesh.netty.NoSuchClass"));
    assertEquals("io.nativemesh:nativemesh-sdk-netty", e.coordinates());
    assertEquals(
        "local forwarders needs the optional dependency io.nativemesh:nativemesh-sdk-netty, which is not on the"
            + " class path (class io.nativemesh.netty.NoSuchClass not found); add it to the build, e.g. Maven"
            + " <dependency><groupId>io.nativemesh</groupId><artifactId>nativemesh-sdk-netty</artifactId></dependency>",
        e.getMessage());
  }

  @Test
  void requirePassesWhenTheClassesArePresent() {
    MissingDependencyException.require(
        "gossip",
        MeshService.GOSSIP_ARTIFACT,
        getClass().getClassLoader(),
        "io.nativemesh.gossip.GossipPool",
        "io.nativemesh.netty.MeshNettyContexts",
        "io.netty.channel.Channel");
  }
}
