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
package io.nativemesh.discovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.discovery.FakeConsul;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.MeshHttpClients;
import io.nativemesh.discovery.RefusalDiagnostics;
import io.nativemesh.discovery.TestMesh;
import io.nativemesh.discovery.TlsHttpServer;
import io.nativemesh.discovery.TlsHttpServer.Mode;
import io.nativemesh.discovery.TlsTestServer;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.TlsPolicy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UpstreamInterceptor} inside the mesh OkHttp client: mesh names rewritten to
 * instance-pinned URLs over real mutual TLS, which failures are retried on another instance
 * (connect failures always, broken exchanges only for idempotent methods), refusals explained and
 * not retried, the upstream's timeouts.
 */
class UpstreamInterceptorTest {
  private static final String WEB = TestMesh.uri("web");
  private final TestMesh mesh = new TestMesh();
  private final List<AutoCloseable> closeMe = new ArrayList<>();
  private FakeConsul consul;
  private MeshStateStore api;
  private UpstreamResolver resolver;
  private OkHttpClient client;

  @BeforeEach
  void start() {
    consul = new FakeConsul();
    api = mesh.store(TestMesh.uri("api"), List.of(), false);
    resolver =
        new UpstreamResolver(
            consul.watches,
            WatchOptions.DEFAULTS,
            () -> "dc1",
            Duration.ofSeconds(10),
            UpstreamPolicy.builder()
                .retries(3, Duration.ofMillis(1))
                .requestTimeout(Duration.ofSeconds(10))
                .build(),
            System::nanoTime);
    client =
        MeshHttpClients.create(
            new OkHttpClient(),
            MeshSslContexts.sslContext(api, TlsPolicy.DEFAULT),
            new MeshTrustManager(api, TlsPolicy.DEFAULT),
            api,
            resolver,
            new RefusalDiagnostics(consul.client));
  }

  @AfterEach
  void stop() throws Exception {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    for (AutoCloseable c : closeMe) {
      c.close();
    }
    resolver.close();
    consul.close();
  }

  private TlsHttpServer server(String name, Mode mode, boolean allowApi) throws IOException {
    MeshStateStore s =
        mesh.store(
            WEB, List.of(TestMesh.intention("api", "web", allowApi ? "allow" : "deny")), false);
    TlsHttpServer server =
        new TlsHttpServer(name, MeshSslContexts.sslContext(s, TlsPolicy.DEFAULT), mode);
    closeMe.add(server);
    return server;
  }

  private String get(String url) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals(200, r.code());
      return r.body().string();
    }
  }

  private String post(String url) throws IOException {
    RequestBody body = RequestBody.create("{\"order\":1}", MediaType.get("application/json"));
    try (Response r = client.newCall(new Request.Builder().url(url).post(body).build()).execute()) {
      assertEquals(200, r.code());
      return r.body().string();
    }
  }

  @Test
  void serviceNamesAreRecognizedAndPinnedNamesAreNot() {
    assertEquals("greeting", UpstreamInterceptor.serviceOf("greeting"));
    assertEquals("web", UpstreamInterceptor.serviceOf("web.service.consul"));
    assertEquals("web", UpstreamInterceptor.serviceOf("web.service.dc2.consul"));
    assertNull(UpstreamInterceptor.serviceOf("localhost"));
    assertNull(UpstreamInterceptor.serviceOf("example.com"));
    assertNull(
        UpstreamInterceptor.serviceOf("ip-7f000001.web.service.dc1.consul"),
        "already pinned to an instance");

    UpstreamInterceptor i = new UpstreamInterceptor(resolver, api, null);
    assertEquals(
        UpstreamTarget.of("web").inDatacenter("dc2"), i.targetOf("web.service.dc2.consul"));
    assertEquals(UpstreamTarget.of("web"), i.targetOf("web"));
    assertNull(i.targetOf("example.com"));
  }

  @Test
  void aServiceUrlReachesAnInstanceOverMutualTls() throws Exception {
    TlsHttpServer web = server("web-1", Mode.ANSWER, true);
    consul.instances("web", web.address());

    assertEquals("web-1", get("http://web/hello?x=1"));
    assertEquals("web-1", get("https://web.service.consul/consul-name"));

    assertEquals(
        List.of(
            "GET /hello?x=1 from " + TestMesh.uri("api"),
            "GET /consul-name from " + TestMesh.uri("api")),
        web.requests());
  }

  @Test
  void aConnectFailureIsRetriedOnAnotherInstanceEvenForPost() throws Exception {
    TlsHttpServer web = server("web-live", Mode.ANSWER, true);
    consul.instances("web", TlsTestServer.closedPort(), web.address());

    for (int i = 0; i < 3; i++) {
      assertEquals("web-live", post("http://web/orders"));
    }
    assertEquals(3, web.requests().size(), web.requests().toString());
  }

  @Test
  void aBrokenExchangeIsRetriedForGet() throws Exception {
    TlsHttpServer first = server("web-1", Mode.DROP, true);
    TlsHttpServer second = server("web-2", Mode.DROP, true);
    consul.instances("web", first.address(), second.address());

    assertThrows(IOException.class, () -> get("http://web/idempotent"));

    assertEquals(1, first.requests().size(), "first: " + first.requests());
    assertEquals(1, second.requests().size(), "second: " + second.requests());
  }

  @Test
  void aBrokenExchangeIsNotRetriedForPost() throws Exception {
    TlsHttpServer first = server("web-1", Mode.DROP, true);
    TlsHttpServer second = server("web-2", Mode.DROP, true);
    consul.instances("web", first.address(), second.address());

    assertThrows(IOException.class, () -> post("http://web/orders"));

    assertEquals(
        1,
        first.requests().size() + second.requests().size(),
        "a POST that may have reached the server was sent again: "
            + first.requests()
            + " "
            + second.requests());
  }

  @Test
  void aRefusalByIntentionsCarriesTheReasonAndIsNotRetried() throws Exception {
    TlsHttpServer first = server("web-1", Mode.ANSWER, false);
    TlsHttpServer second = server("web-2", Mode.ANSWER, false);
    consul.instances("web", first.address(), second.address());
    consul.intentions("web", "deny", "[]");

    MeshConnectException e =
        assertThrows(MeshConnectException.class, () -> get("http://web/secret"));

    assertTrue(e.refusedByPeer());
    assertTrue(
        e.getMessage()
            .contains(
                "refused the mesh connection from api: No intention matches api => web; default "
                    + "intention policy is deny"),
        e.getMessage());
    assertEquals(
        1, first.accepted() + second.accepted(), "a refusal was retried on another instance");
    assertEquals(List.of(), first.requests());
    assertEquals(List.of(), second.requests());
  }

  @Test
  void aSlowInstanceTimesOutAfterTheUpstreamsRequestTimeout() throws Exception {
    resolver.configure(
        UpstreamTarget.of("web"),
        UpstreamPolicy.builder()
            .retries(1, Duration.ZERO)
            .requestTimeout(Duration.ofMillis(300))
            .build());
    TlsHttpServer hang = server("web-hang", Mode.HANG, true);
    consul.instances("web", hang.address());

    IOException e = assertThrows(IOException.class, () -> get("http://web/slow"));

    assertInstanceOf(SocketTimeoutException.class, e, "got " + e);
    assertEquals(1, hang.requests().size());
  }

  @Test
  void namesOutsideTheMeshAreNotResolved() {
    UnknownHostException e =
        assertThrows(UnknownHostException.class, () -> get("http://localhost:1/x"));
    assertEquals(
        "'localhost' is not a resolved mesh instance name; use http://<service>/path with the mesh HTTP client",
        e.getMessage());
    assertThrows(UnknownHostException.class, () -> get("https://example.com/"));
  }
}
