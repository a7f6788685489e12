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
package io.nativemesh.spring;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The companion server in-process (intentions default deny) and the plain-SDK services a test
 * starts beside the Spring application; closes them all.
 */
public final class MeshTestServer implements AutoCloseable {
  public final ConsulServer server;
  public final ConsulClient consul;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  public MeshTestServer(Duration leafTtl) throws Exception {
    this(ServerConfig.builder().leafCertTtl(leafTtl));
  }

  public MeshTestServer(ServerConfig.Builder config) throws Exception {
    server =
        ConsulServer.start(
            config
                .httpPort(0)
                .bindAddress("127.0.0.1")
                .dev(true)
                .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
                .build());
    consul = ConsulClient.builder().address(server.httpUrl()).build();
  }

  /** The properties that point a Spring application at this server. */
  public Map<String, Object> springProperties(String service) {
    return Map.of(
        "spring.application.name",
        service,
        "nativemesh.consul.address",
        server.httpUrl(),
        "nativemesh.ready-timeout",
        "20s",
        "nativemesh.registration.check-ttl",
        "2s");
  }

  /** A plain-SDK mesh service, ready. */
  public MeshService service(String name) {
    MeshService m =
        MeshService.builder(name)
            .consul(consul)
            .checkTtl(Duration.ofSeconds(2))
            .resolveTimeout(Duration.ofSeconds(5))
            .build();
    closeables.add(0, m);
    m.awaitReady(Duration.ofSeconds(20));
    return m;
  }

  /**
   * A plain-SDK HTTPS server answering {@code <body>} on every path, registered as {@code name}.
   */
  public MeshService serve(String name, String body) throws Exception {
    return serve(name, name + "-1", body);
  }

  /** As {@link #serve(String, String)}, registered as instance {@code instanceId}. */
  public MeshService serve(String name, String instanceId, String body) throws Exception {
    MeshService m = service(name);
    HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    s.setHttpsConfigurator(new HttpsConfigurator(m.serverSslContext()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    s.setExecutor(pool);
    s.createContext(
        "/",
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    closeables.add(
        0,
        () -> {
          s.stop(0);
          pool.shutdownNow();
        });
    m.register(instanceId, "127.0.0.1", s.getAddress().getPort());
    return m;
  }

  /** Allows {@code source} to call {@code destination}. */
  public void allow(String source, String destination) {
    consul.intentions().upsertExact(source, destination, "allow", "test");
  }

  /** An L7 intention: {@code source} may call {@code destination} except under {@code denied}. */
  public void allowExcept(String source, String destination, String denied) {
    // L7 permissions need an HTTP-based protocol on the destination (Consul's rule)
    consul.write(
        "PUT",
        "/v1/config",
        Map.of(),
        Map.of("Kind", "service-defaults", "Name", destination, "Protocol", "http"),
        Boolean.class);
    consul.write(
        "PUT",
        "/v1/connect/intentions/exact",
        Map.of("source", source, "destination", destination),
        Map.of(
            "SourceType",
            "consul",
            "Permissions",
            List.of(
                Map.of("Action", "deny", "HTTP", Map.of("PathPrefix", denied)),
                Map.of("Action", "allow", "HTTP", Map.of("PathPrefix", "/")))),
        Boolean.class);
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    consul.close();
    server.close();
  }
}
