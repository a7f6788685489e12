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

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The companion server in-process (intentions default deny) and the mesh services a test starts.
 */
final class MeshFixture implements AutoCloseable {
  final ConsulServer server;
  final ConsulClient consul;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  MeshFixture() throws Exception {
    server =
        ConsulServer.start(
            ServerConfig.builder()
                .httpPort(0)
                .dev(true)
                .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
                .leafCertTtl(Duration.ofMinutes(10))
                .build());
    consul = ConsulClient.builder().address(server.httpUrl()).build();
  }

  MeshService service(String name, UpstreamPolicy policy) {
    MeshService m =
        MeshService.builder(name)
            .consul(consul)
            .upstreamPolicy(policy)
            .checkTtl(Duration.ofSeconds(3))
            .resolveTimeout(Duration.ofSeconds(5))
            .build();
    closeables.add(0, m);
    m.awaitReady(Duration.ofSeconds(20));
    return m;
  }

  <T extends AutoCloseable> T track(T c) {
    closeables.add(0, c);
    return c;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * @param program a Debian executable
   * @return its path; the test is skipped without it, but fails when CI=true
   */
  static Path require(String program, String debianPackage) {
    for (String dir : new String[] {"/usr/bin", "/usr/sbin", "/usr/local/bin"}) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String why = program + " not found: apt-get install -y " + debianPackage;
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
    return null;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    consul.close();
    try {
      server.close();
    } catch (Exception e) {
      // a test may have stopped it already
    }
  }
}
