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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.discovery.LoadBalancing;
import io.nativemesh.discovery.UpstreamCircuitOpenException;
import io.nativemesh.discovery.UpstreamPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Three mTLS instances of "api", one killed mid-run and one made unhealthy through its TTL check:
 * no idempotent request fails and traffic follows round robin over whoever is left.
 */
class HttpFailoverTest {

  @Test
  void killedAndUnhealthyInstancesAreAvoidedWithoutFailedRequests() throws Exception {
    try (MeshFixture f = new MeshFixture()) {
      f.consul.intentions().upsertExact("web", "api", "allow", "test");
      MeshService api = f.service("api", UpstreamPolicy.DEFAULT);
      List<HttpsServer> servers = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(api.serverSslContext()));
        String id = "api-" + i;
        s.createContext(
            "/",
            ex -> {
              byte[] b = id.getBytes(StandardCharsets.UTF_8);
              ex.sendResponseHeaders(200, b.length);
              ex.getResponseBody().write(b);
              ex.close();
            });
        s.start();
        servers.add(s);
        f.consul
            .agent()
            .register(
                new ServiceRegistration(
                    id,
                    "api",
                    List.of(),
                    "127.0.0.1",
                    s.getAddress().getPort(),
                    null,
                    null,
                    new ConnectSettings(true),
                    new CheckDefinition(
                        "check:" + id,
                        "test",
                        null,
                        "passing",
                        null,
                        "60s",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                    null,
                    null));
      }
      MeshService web =
          f.service(
              "web", UpstreamPolicy.builder().loadBalancing(LoadBalancing.ROUND_ROBIN).build());
      OkHttpClient http =
          web.httpClient()
              .newBuilder()
              .connectionPool(new okhttp3.ConnectionPool(0, 1, TimeUnit.SECONDS))
              .build();
      waitFor(() -> web.upstreams().endpoints("api").size() == 3);

      Map<String, Integer> phase1 = run(http, 90);
      assertEquals(Map.of("api-1", 30, "api-2", 30, "api-3", 30), phase1, "round robin over three");

      servers.get(0).stop(0); // killed: still listed as passing in the catalog
      Map<String, Integer> phase2 = run(http, 60);
      assertEquals(Set.of("api-2", "api-3"), phase2.keySet(), "killed instance avoided: " + phase2);
      // the one retry after the kill takes a round-robin turn, so the shares may differ by up to 2
      assertTrue(
          Math.abs(phase2.get("api-2") - phase2.get("api-3")) <= 2, "equal shares: " + phase2);
      assertEquals(1, web.upstreams().ejected(web.upstreams().target("api")).size());

      f.consul.agent().ttlCheck("check:api-2", "fail", "made unhealthy by the test");
      waitFor(
          () ->
              web.upstreams().endpoints("api").stream()
                  .noneMatch(e -> e.instanceId().equals("api-2")));
      Map<String, Integer> phase3 = run(http, 30);
      assertEquals(Map.of("api-3", 30), phase3, "only the healthy, live instance is left");

      f.server.close(); // the catalog becomes unreachable: the last known set stays in use
      assertEquals(Map.of("api-3", 10), run(http, 10));

      servers
          .get(2)
          .stop(0); // nothing left: failures open the circuit breaker, which then fails fast
      Throwable last = null;
      for (int i = 0; i < 100 && !(last instanceof UpstreamCircuitOpenException); i++) {
        try (Response r =
            http.newCall(new Request.Builder().url("http://api/").build()).execute()) {
          last = null;
        } catch (IOException e) {
          last = e;
        }
      }
      assertTrue(last instanceof UpstreamCircuitOpenException, String.valueOf(last));
      servers.forEach(s -> s.stop(0));
    }
  }

  private static Map<String, Integer> run(OkHttpClient http, int n) throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < n; i++) {
      try (Response r = http.newCall(new Request.Builder().url("http://api/").build()).execute()) {
        assertEquals(200, r.code());
        seen.merge(r.body().string(), 1, Integer::sum); // any IOException fails the test
      }
    }
    return seen;
  }

  private static void waitFor(BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!c.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(c.getAsBoolean(), "condition not met in 15 s");
  }

  @Test
  void forwardersCarryHalfCloseBulkDataAndCloseIdleConnections() throws Exception {
    try (MeshFixture f = new MeshFixture();
        ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      f.consul.intentions().upsertExact("client", "echo", "allow", "test");
      // a plain server that reads until EOF, then answers with the byte count and a digest, then
      // closes
      Thread srv =
          new Thread(
              () -> {
                for (int k = 0; k < 2; k++) {
                  try (Socket s = plain.accept()) {
                    InputStream in = s.getInputStream();
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    byte[] buf = new byte[65536];
                    long total = 0;
                    for (int r; (r = in.read(buf)) >= 0; ) {
                      md.update(buf, 0, r);
                      total += r;
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(
                        (total + " " + HexFormat.of().formatHex(md.digest()))
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      srv.setDaemon(true);
      srv.start();
      MeshService echo = f.service("echo", UpstreamPolicy.DEFAULT);
      var in =
          f.track(
              echo.inboundForwarder(
                  new InetSocketAddress("127.0.0.1", 0),
                  new InetSocketAddress("127.0.0.1", plain.getLocalPort())));
      echo.register("echo-1", "127.0.0.1", in.port());
      MeshService client =
          f.service("client", UpstreamPolicy.builder().idleTimeout(Duration.ofSeconds(1)).build());
      var l = f.track(client.upstreamListener("echo", 0));
      waitFor(() -> client.upstreams().endpoints("echo").size() == 1);

      byte[] chunk = new byte[1 << 20];
      new Random(7).nextBytes(chunk);
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (Socket s = new Socket("127.0.0.1", l.port())) {
        OutputStream out = s.getOutputStream();
        for (int i = 0; i < 16; i++) { // 16 MiB, more than any buffer on the way: back-pressure
          out.write(chunk);
          md.update(chunk);
        }
        s.shutdownOutput(); // half-close: FIN -> close_notify -> FIN at the server
        s.setSoTimeout(20_000);
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals((16L << 20) + " " + HexFormat.of().formatHex(md.digest()), answer);
      }
      try (Socket s = new Socket("127.0.0.1", l.port())) {
        s.setSoTimeout(10_000);
        long t0 = System.nanoTime();
        assertEquals(-1, s.getInputStream().read(), "idle connection closed");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 800 && ms < 5000, "closed after " + ms + " ms idle");
      }
    }
  }
}
