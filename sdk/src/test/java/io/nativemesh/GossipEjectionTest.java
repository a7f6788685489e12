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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.gossip.GossipConfig;
import io.nativemesh.gossip.GossipPool;
import io.nativemesh.gossip.Profile;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Gossip tie-in: two instances of {@code echo} and a client share a gossip pool. One instance's
 * node crashes (its gossip stops without leaving and its server goes away) while its catalog entry
 * stays passing; the client marks it down as soon as gossip declares it failed, before the catalog
 * knows, and every request goes to the survivor.
 */
class GossipEjectionTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // already stopped
      }
    }
  }

  private <T extends AutoCloseable> T track(T t) {
    closeables.add(0, t);
    return t;
  }

  private HttpsServer echo(MeshService mesh, String name) throws Exception {
    HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    s.setHttpsConfigurator(new HttpsConfigurator(mesh.serverSslContext()));
    s.createContext(
        "/",
        ex -> {
          byte[] b = name.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    return s;
  }

  // tag::gossip-config[]
  private static GossipConfig.Builder node(String name, String... seeds) {
    return GossipConfig.builder(name).bind("127.0.0.1", 0).profile(Profile.LOCAL).seeds(seeds);
  }

  // end::gossip-config[]

  @Test
  void gossipFailureEjectsBeforeTheCatalogNotices() throws Exception {
    ConsulServer server =
        track(
            ConsulServer.start(
                ServerConfig.builder()
                    .httpPort(0)
                    .dev(true)
                    .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
                    .build()));
    ConsulClient consul = track(ConsulClient.builder().address(server.httpUrl()).build());
    consul.intentions().upsertExact("client", "echo", "allow", null);
    MeshService e1 = track(MeshService.builder("echo").consul(consul).build());
    MeshService e2 = track(MeshService.builder("echo").consul(consul).build());
    MeshService client = track(MeshService.builder("client").consul(consul).build());
    for (MeshService m : List.of(e1, e2, client)) {
      m.awaitReady(Duration.ofSeconds(20));
    }
    HttpsServer s1 = echo(e1, "echo-1");
    HttpsServer s2 = echo(e2, "echo-2");
    closeables.add(0, () -> s1.stop(0));
    e1.register("echo-1", "127.0.0.1", s1.getAddress().getPort());
    e2.register("echo-2", "127.0.0.1", s2.getAddress().getPort());

    // tag::join-gossip[]
    GossipPool g1 = e1.joinGossip(node("echo-1"), "127.0.0.1", s1.getAddress().getPort());
    GossipPool g2 =
        e2.joinGossip(node("echo-2", g1.address()), "127.0.0.1", s2.getAddress().getPort());
    client.joinGossip(node("client-1", g1.address()), "127.0.0.1", 1);
    // end::join-gossip[]
    InetSocketAddress a2 = new InetSocketAddress("127.0.0.1", s2.getAddress().getPort());

    OkHttpClient http = client.httpClient();
    List<String> before = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      try (Response r = http.newCall(new Request.Builder().url("http://echo/").build()).execute()) {
        before.add(r.body().string());
      }
    }
    assertTrue(before.contains("echo-1") && before.contains("echo-2"), before.toString());

    // echo-2's node crashes: gossip stops without a leave and its server goes away; its catalog
    // entry
    // stays passing because its TTL heartbeat keeps running
    g2.shutdown();
    s2.stop(0);
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(20);
    while (!client.upstreams().isMarkedDown(a2) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(client.upstreams().isMarkedDown(a2), "gossip did not declare echo-2 failed");
    assertEquals(
        2,
        client.upstreams().endpoints("echo").size(),
        "the catalog still lists echo-2 as passing");
    for (int i = 0; i < 10; i++) {
      try (Response r = http.newCall(new Request.Builder().url("http://echo/").build()).execute()) {
        assertEquals("echo-1", r.body().string());
      }
    }
    assertFalse(
        client
            .upstreams()
            .isMarkedDown(new InetSocketAddress("127.0.0.1", s1.getAddress().getPort())));
    // had the client still dialled echo-2, its connect failures would have ejected it as an outlier
    assertEquals(
        List.of(),
        client.upstreams().ejected(UpstreamTarget.of("echo")),
        "echo-2 was dialled although gossip had declared it failed");
    System.out.printf(
        "gossip marked echo-2 down %.1f s after its crash%n", (System.nanoTime() - t0) / 1e9);
  }
}
