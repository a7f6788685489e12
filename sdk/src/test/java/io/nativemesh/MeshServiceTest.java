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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.Readiness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * {@link MeshService}: builder validation, readiness before and without an agent, and one service
 * against the in-process companion server (registration with its TTL check, dialling itself, peer
 * identity, state listeners).
 */
class MeshServiceTest {
  @Test
  void builderRejectsBadValuesNamingThem() {
    InvalidConfigurationException name =
        assertThrows(InvalidConfigurationException.class, () -> MeshService.builder("bad name"));
    assertEquals(
        "invalid service name 'bad name' (letters, digits, '.', '-' and '_', starting with a letter or digit)",
        name.getMessage());
    assertThrows(InvalidConfigurationException.class, () -> MeshService.builder(null));
    InvalidConfigurationException ttl =
        assertThrows(
            InvalidConfigurationException.class,
            () -> MeshService.builder("web").checkTtl(Duration.ofMillis(500)));
    assertEquals("check TTL must be at least 1s, was PT0.5S", ttl.getMessage());
    assertThrows(NullPointerException.class, () -> MeshService.builder("web").clock(null));
    assertThrows(NullPointerException.class, () -> MeshService.builder("web").upstream(null, null));
  }

  @Test
  void withoutAnAgentItIsNotReadyAndSaysWhy() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (ConsulClient consul = ConsulClient.builder().address("127.0.0.1:" + closed).build()) {
      MeshService web = MeshService.builder("web").consul(consul).build();
      try {
        assertEquals("web", web.serviceName());
        assertEquals("MeshService[web, http://127.0.0.1:" + closed + "/]", web.toString());
        assertTrue(web.identity().isEmpty());
        assertNull(web.state());
        Readiness r = web.readiness();
        assertFalse(r.ready());
        assertEquals("waiting for leaf certificate, CA roots and intentions of web", r.reason());

        MeshNotReadyException e =
            assertThrows(MeshNotReadyException.class, () -> web.awaitReady(Duration.ofMillis(200)));
        assertEquals(
            "web not ready after PT0.2S: waiting for leaf certificate, CA roots and intentions of web",
            e.getMessage());
      } finally {
        web.close();
        web.close(); // idempotent
      }
      MeshNotReadyException closedErr =
          assertThrows(MeshNotReadyException.class, () -> web.awaitReady(Duration.ofSeconds(1)));
      assertEquals("web not ready: mesh TLS source for web closed", closedErr.getMessage());
      assertThrows(IllegalStateException.class, () -> web.upstreamListener("api", 0));
    }
  }

  @Test
  void aServiceRegistersDialsItselfAndSeesItsOwnIdentity() throws Exception {
    ExecutorService acceptor = Executors.newSingleThreadExecutor();
    try (MeshFixture f = new MeshFixture()) {
      f.consul.intentions().upsertExact("web", "web", "allow", "web may call itself");
      MeshService web =
          MeshService.builder("web")
              .consul(f.consul)
              .clock(Clock.systemUTC())
              .strictTrustDomain(true)
              .l7EnforcedPerRequest(true)
              .watchOptions(WatchOptions.DEFAULTS)
              .resolveTimeout(Duration.ofSeconds(5))
              .checkTtl(Duration.ofSeconds(3))
              .upstreamPolicy(UpstreamPolicy.DEFAULT)
              .upstream(
                  UpstreamTarget.of("web"),
                  UpstreamPolicy.builder().retries(2, Duration.ofMillis(1)).build())
              .forwarderEngine(TlsEngine.JDK)
              .build();
      f.track(web);
      CompletableFuture<MeshState> published = new CompletableFuture<>();
      f.track(web.addStateListener((prev, now) -> published.complete(now)));
      MeshState ready = web.awaitReady(Duration.ofSeconds(20));
      assertSame(ready, published.get(5, TimeUnit.SECONDS));
      ServiceIdentity me = web.identity().orElseThrow();
      assertEquals("web", me.service());
      assertTrue(web.readiness().ready(), web.readiness().reason());
      assertSame(web.serverSslContext(), web.serverSslContext());
      assertSame(web.requestAuthorizer(), web.requestAuthorizer());
      assertSame(web.httpClient(), web.httpClient());

      SSLServerSocket server =
          (SSLServerSocket)
              web.serverSslContext()
                  .getServerSocketFactory()
                  .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
      f.track(server);
      CompletableFuture<ServiceIdentity> seenByServer = new CompletableFuture<>();
      acceptor.execute(
          () -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
              s.startHandshake();
              seenByServer.complete(MeshService.peerIdentity(s.getSession()));
              s.getOutputStream().write("hello from web\n".getBytes(StandardCharsets.UTF_8));
              s.getOutputStream().flush();
              s.getInputStream().read();
            } catch (IOException | RuntimeException e) {
              seenByServer.completeExceptionally(e);
            }
          });
      web.register("web-1", "127.0.0.1", server.getLocalPort());

      List<ServiceEntry> passing = awaitPassing(f.consul, "web");
      assertEquals("web-1", passing.get(0).service().id());

      try (SSLSocket s = web.dial("web")) {
        assertEquals(
            me, MeshService.peerIdentity(s.getSession()), "the server must present web's identity");
        assertEquals(
            "hello from web",
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                .readLine());
      }
      assertEquals(me, seenByServer.get(10, TimeUnit.SECONDS));
    } finally {
      acceptor.shutdownNow();
    }
  }

  /**
   * Waits (blocking queries, no sleeps) for the TTL check fed by readiness to pass: the first
   * heartbeat is asynchronous.
   */
  private static List<ServiceEntry> awaitPassing(ConsulClient consul, String service) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    QueryOptions passing = QueryOptions.NONE.withParam("passing", "");
    long index = 0;
    while (System.nanoTime() < deadline) {
      QueryResult<List<ServiceEntry>> r =
          ConsulClient.join(
              consul
                  .health()
                  .connect(
                      service,
                      index == 0 ? passing : passing.blocking(index, Duration.ofSeconds(1))));
      if (!r.value().isEmpty()) {
        return r.value();
      }
      index = r.meta().index();
    }
    throw new AssertionError("the readiness check of " + service + " never passed");
  }
}
