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
package io.nativemesh.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.TlsPolicy;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that is not the service dialled (issue 18, SDK side): it presents a certificate of the
 * right trust domain but another service, one minted by another CA for the right service name, or
 * an expired one of the right service. The mesh HTTP client, {@code dial} and the upstream
 * forwarders (JDK and OpenSSL engines) refuse each, and no request byte reaches the impostor.
 */
class ForgedServerTest {
  private final TestMesh mesh = new TestMesh();
  private FakeConsul consul;
  private MeshStateStore api;
  private UpstreamResolver resolver;
  private TlsHttpServer impostor;

  /** The forgeries, each as the impostor's state. */
  enum Forgery {
    WRONG_SERVICE(m -> m.store(TestMesh.uri("billing"), List.of(), true)),
    ANOTHER_CA(m -> new TestMesh().store(TestMesh.uri("web"), List.of(), true)),
    EXPIRED(m -> m.expiredStore(TestMesh.uri("web")));

    final Function<TestMesh, MeshStateStore> store;

    Forgery(Function<TestMesh, MeshStateStore> store) {
      this.store = store;
    }
  }

  @BeforeEach
  void start() {
    consul = new FakeConsul();
    api = mesh.store(TestMesh.uri("api"), List.of(), false);
    resolver = consul.resolver(UpstreamPolicy.builder().retries(1, Duration.ofMillis(1)).build());
  }

  @AfterEach
  void stop() throws IOException {
    if (impostor != null) {
      impostor.close();
    }
    resolver.close();
    consul.close();
  }

  private void impostor(Forgery f) throws IOException {
    impostor =
        new TlsHttpServer(
            "impostor",
            MeshSslContexts.sslContext(f.store.apply(mesh), TlsPolicy.DEFAULT),
            TlsHttpServer.Mode.ANSWER);
    consul.instances("web", impostor.address());
  }

  @ParameterizedTest
  @EnumSource(Forgery.class)
  void theMeshHttpClientRefusesIt(Forgery f) throws Exception {
    impostor(f);
    OkHttpClient client =
        MeshHttpClients.create(
            new OkHttpClient(),
            MeshSslContexts.sslContext(api, TlsPolicy.DEFAULT),
            new MeshTrustManager(api, TlsPolicy.DEFAULT),
            api,
            resolver,
            new RefusalDiagnostics(consul.client));
    try {
      assertThrows(
          IOException.class,
          () -> {
            try (Response r =
                client.newCall(new Request.Builder().url("http://web/secret").build()).execute()) {
              throw new AssertionError("served by the impostor: " + r.code());
            }
          });
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
    assertEquals(List.of(), impostor.requests());
  }

  @ParameterizedTest
  @EnumSource(Forgery.class)
  void dialRefusesIt(Forgery f) throws Exception {
    impostor(f);
    MeshDialer dialer =
        new MeshDialer(
            MeshSslContexts.sslContext(api, TlsPolicy.DEFAULT),
            resolver,
            api::current,
            new RefusalDiagnostics(consul.client));
    MeshConnectException e =
        assertThrows(MeshConnectException.class, () -> dialer.dial("web", null).close());
    assertTrue(e.getMessage().startsWith("refused the certificate of"), e.getMessage());
    assertEquals(List.of(), impostor.requests());
  }

  @ParameterizedTest
  @EnumSource(Forgery.class)
  void theUpstreamForwarderRefusesItOnTheJdkEngine(Forgery f) throws Exception {
    forwarderRefuses(f, TlsEngine.JDK);
  }

  @ParameterizedTest
  @EnumSource(Forgery.class)
  void theUpstreamForwarderRefusesItOnTheOpenSslEngine(Forgery f) throws Exception {
    assumeTrue(OpenSsl.isAvailable(), "OpenSSL not loadable here");
    forwarderRefuses(f, TlsEngine.OPENSSL);
  }

  private void forwarderRefuses(Forgery f, TlsEngine engine) throws Exception {
    impostor(f);
    try (LocalForwarders forwarders =
        new LocalForwarders(
            api, TlsPolicy.DEFAULT, engine, resolver, new RefusalDiagnostics(consul.client), 1)) {
      UpstreamListener l =
          forwarders.upstreamListener(
              UpstreamTarget.of("web"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write("GET /secret HTTP/1.1\r\nHost: web\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        int read;
        try {
          read = in.read();
        } catch (IOException closed) {
          read = -1; // reset: refused
        }
        assertEquals(-1, read, "the local client got an answer through an impostor");
      }
    }
    assertEquals(List.of(), impostor.requests());
  }
}
