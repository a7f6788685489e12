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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CA rotates to a new root key while traffic flows (Consul API: {@code PUT
 * /v1/connect/ca/configuration}; docs/consul-api.md, "Root rotation and cross-signing"). Zero
 * failed requests, and the cross-signed intermediate lets peers that have not seen the new roots
 * yet accept new leaves, while the retained old root lets updated peers accept old leaves.
 */
class CaRotationUnderTrafficTest {
  private ConsulServer server;
  private ConsulClient consul;
  private MeshService web;
  private MeshService api;
  private HttpsServer https;
  private HttpsServer staleHttps;

  private void start(String keyType, int keyBits) throws Exception {
    server =
        ConsulServer.start(
            ServerConfig.builder()
                .httpPort(0)
                .dev(true)
                .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
                .leafCertTtl(Duration.ofHours(1))
                .caRotationStagger(Duration.ofMillis(500))
                .caKeyType(keyType, keyBits)
                .build());
    consul = ConsulClient.builder().address(server.httpUrl()).build();
    consul.intentions().upsertExact("api", "web", "allow", null);
    web = MeshService.builder("web").consul(consul).build();
    api = MeshService.builder("api").consul(consul).build();
    web.awaitReady(Duration.ofSeconds(20));
    api.awaitReady(Duration.ofSeconds(20));
    https = serve(web.serverSslContext());
    web.register("web-1", "127.0.0.1", https.getAddress().getPort());
  }

  private static HttpsServer serve(SSLContext ctx) throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx));
    s.setExecutor(Executors.newFixedThreadPool(4));
    s.createContext(
        "/",
        ex -> {
          byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    return s;
  }

  @AfterEach
  void stop() {
    if (server == null) {
      return;
    }
    https.stop(0);
    if (staleHttps != null) {
      staleHttps.stop(0);
    }
    web.close();
    api.close();
    consul.close();
    server.close();
  }

  /** A GET over a fresh mTLS connection made with {@code ctx}, dialling service web. */
  private static String rawGet(SSLContext ctx, int port) throws IOException {
    Socket raw = new Socket("127.0.0.1", port);
    raw.setSoTimeout(5000);
    try (SSLSocket s =
        (SSLSocket) ctx.getSocketFactory().createSocket(raw, "web.service.consul", port, true)) {
      s.startHandshake();
      s.getOutputStream()
          .write("GET / HTTP/1.0\r\nHost: web\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MeshStateStore frozen(MeshState s) {
    MeshStateStore st = new MeshStateStore();
    st.publish(s);
    return st;
  }

  @Test
  void rootRotationUnderTrafficHasZeroFailures() throws Exception {
    start("ec", 256);
    rotateUnderTraffic(Map.of());
  }

  /** Consul API: {@code PrivateKeyType rsa}; the SDK's key manager presents RSA leaves. */
  @Test
  void rotationFromEcToRsaUnderTrafficHasZeroFailures() throws Exception {
    start("ec", 256);
    assertTrue(api.state().leaf().getPublicKey() instanceof ECPublicKey);
    MeshState[] now = rotateUnderTraffic(Map.of("PrivateKeyType", "rsa", "PrivateKeyBits", 2048));
    for (MeshState st : now) {
      assertTrue(st.leaf().getPublicKey() instanceof RSAPublicKey, "RSA leaf after the rotation");
      assertEquals("SHA256withRSA", st.leaf().getSigAlgName());
      // the cross-signed intermediate: the new RSA root's key, signed by the old EC root
      assertEquals("SHA256withECDSA", st.chain()[1].getSigAlgName());
    }
  }

  /** A server configured for RSA from the start, then rotated to EC under traffic. */
  @Test
  void rsaConfiguredServerServesMtlsAndRotatesToEcUnderTraffic() throws Exception {
    start("rsa", 2048);
    assertTrue(api.state().leaf().getPublicKey() instanceof RSAPublicKey);
    assertTrue(web.state().leaf().getPublicKey() instanceof RSAPublicKey);
    MeshState[] now = rotateUnderTraffic(Map.of("PrivateKeyType", "ec"));
    for (MeshState st : now) {
      assertTrue(st.leaf().getPublicKey() instanceof ECPublicKey, "EC leaf after the rotation");
      assertEquals("SHA256withRSA", st.chain()[1].getSigAlgName());
    }
  }

  /**
   * Rotates the CA with {@code config} while three callers send api→web requests over fresh mTLS
   * connections; asserts zero failures and that stale peers still interoperate.
   *
   * @return api's and web's states after the rotation
   */
  private MeshState[] rotateUnderTraffic(Map<String, Object> config) throws Exception {
    MeshState oldApi = api.state();
    MeshState oldWeb = web.state();
    assertEquals(1, oldApi.trust().roots().size());

    // fresh connection per request, so handshakes keep happening across the rotation
    OkHttpClient http =
        api.httpClient()
            .newBuilder()
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .build();
    // the claim is about the rotation, not start-up: wait until api sees web passing (its first TTL
    // heartbeat is asynchronous to register()) before traffic is counted
    long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Response r = http.newCall(new Request.Builder().url("http://web/").build()).execute()) {
        if (r.code() == 200) {
          break;
        }
      } catch (IOException e) {
        if (System.nanoTime() > ready) {
          throw e;
        }
      }
      if (System.nanoTime() > ready) {
        throw new AssertionError("api never reached web before the rotation");
      }
      Thread.sleep(50);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService callers = Executors.newFixedThreadPool(3);
    for (int i = 0; i < 3; i++) {
      callers.execute(
          () -> {
            while (!stop.get()) {
              try (Response r =
                  http.newCall(new Request.Builder().url("http://web/").build()).execute()) {
                if (r.code() == 200) {
                  ok.incrementAndGet();
                } else {
                  failures.add("HTTP " + r.code());
                }
              } catch (Exception e) {
                failures.add(e.toString());
              }
            }
          });
    }
    Thread.sleep(1000);
    // tag::rotate-ca[]
    // a PUT without a PrivateKey rotates the companion server to a freshly generated root
    consul.write(
        "PUT",
        "/v1/connect/ca/configuration",
        Map.of(),
        Map.of("Provider", "consul", "Config", config),
        null);
    // end::rotate-ca[]

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline
        && (api.state().generation() == oldApi.generation()
            || web.state().generation() == oldWeb.generation()
            || api.state().trust().roots().size() < 2)) {
      Thread.sleep(50);
    }
    MeshState newApi = api.state();
    MeshState newWeb = web.state();
    assertNotEquals(oldApi.generation(), newApi.generation(), "api got no leaf from the new root");
    assertNotEquals(oldWeb.generation(), newWeb.generation(), "web got no leaf from the new root");
    assertEquals(2, newApi.trust().roots().size(), "old root kept inactive beside the new one");
    assertTrue(newApi.chain().length >= 2, "new leaf carries the cross-signed intermediate");
    assertNotEquals(oldApi.leaf().getIssuerX500Principal(), newApi.leaf().getIssuerX500Principal());
    Thread.sleep(2000); // more traffic on the new material
    stop.set(true);
    callers.shutdown();
    assertTrue(callers.awaitTermination(20, TimeUnit.SECONDS));
    assertEquals(
        List.of(),
        List.copyOf(failures),
        "failed requests across the CA rotation (" + ok.get() + " ok)");
    assertTrue(ok.get() > 20, "only " + ok.get() + " requests");

    // a client that has not seen the new roots (old leaf, old root only) reaches web's new leaf via
    // the cross-signed cert
    SSLContext staleClient = MeshSslContexts.sslContext(frozen(oldApi), TlsPolicy.DEFAULT);
    assertTrue(rawGet(staleClient, https.getAddress().getPort()).startsWith("HTTP/1.1 200"));
    // a server that has not seen the new roots accepts a client with a new leaf
    staleHttps = serve(MeshSslContexts.sslContext(frozen(oldWeb), TlsPolicy.DEFAULT));
    SSLContext newClient = MeshSslContexts.sslContext(frozen(newApi), TlsPolicy.DEFAULT);
    assertTrue(rawGet(newClient, staleHttps.getAddress().getPort()).startsWith("HTTP/1.1 200"));
    return new MeshState[] {newApi, newWeb};
  }
}
