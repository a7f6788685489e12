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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MeshDialer}: real mutual TLS on 127.0.0.1 to instances listed by a WireMock catalog;
 * identity checks, failover, refusals with reasons, timeouts.
 */
class MeshDialerTest {
  private final TestMesh mesh = new TestMesh();
  private final List<AutoCloseable> closeMe = new ArrayList<>();
  private FakeConsul consul;
  private MeshStateStore api;
  private UpstreamResolver resolver;
  private MeshDialer dialer;

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
                .outlierEjection(1, Duration.ofMinutes(1), Duration.ofMinutes(1))
                .build(),
            System::nanoTime);
    dialer =
        new MeshDialer(
            MeshSslContexts.sslContext(api, TlsPolicy.DEFAULT),
            resolver,
            api::current,
            new RefusalDiagnostics(consul.client));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeMe) {
      c.close();
    }
    resolver.close();
    consul.close();
  }

  /** A server presenting {@code spiffeUri} that admits {@code api} only if {@code allowApi}. */
  private TlsEchoServer server(String name, String spiffeUri, boolean allowApi, String... protocols)
      throws IOException {
    MeshStateStore s =
        mesh.store(
            spiffeUri,
            List.of(TestMesh.intention("api", "web", allowApi ? "allow" : "deny")),
            false);
    SSLContext ctx = MeshSslContexts.sslContext(s, TlsPolicy.DEFAULT);
    TlsEchoServer server = new TlsEchoServer(name, ctx, protocols);
    closeMe.add(server);
    return server;
  }

  private static String exchange(SSLSocket s, String line) throws IOException {
    s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
  }

  @Test
  void dialsAVerifiedInstanceOverMutualTls() throws Exception {
    TlsEchoServer web = server("web-1", TestMesh.uri("web"), true);
    consul.instances("web", web.address());

    try (SSLSocket s = dialer.dial("web", null)) {
      X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
      assertEquals(List.of(TestMesh.uri("web")), CertificateInfo.uriSans(peer));
      assertEquals("web-1: hello", exchange(s, "hello"));
    }
    assertEquals(List.of(TestMesh.uri("api")), web.peers(), "the server saw our identity");
    Endpoint ep = resolver.endpoints("web").get(0);
    assertEquals(
        0,
        resolver.outstanding(UpstreamTarget.of("web"), ep),
        "a dialled socket is outstanding while connecting only");
  }

  @Test
  void anInstanceWithNothingListeningIsSkippedAndEjected() throws Exception {
    InetSocketAddress dead = TlsTestServer.closedPort();
    TlsEchoServer web = server("web-live", TestMesh.uri("web"), true);
    consul.instances("web", dead, web.address());

    for (int i = 0; i < 3; i++) {
      try (SSLSocket s = dialer.dial(UpstreamTarget.of("web"), Duration.ofSeconds(5))) {
        assertEquals("web-live: ping " + i, exchange(s, "ping " + i));
      }
    }
    List<Endpoint> ejected = resolver.ejected(UpstreamTarget.of("web"));
    assertEquals(List.of(dead), ejected.stream().map(Endpoint::address).toList());
  }

  @Test
  void aPeerWithTheWrongIdentityIsRefusedByUsAndTheNextInstanceIsTried() throws Exception {
    TlsEchoServer impostor = server("impostor", TestMesh.uri("billing"), true);
    consul.instances("web", impostor.address());

    MeshConnectException e =
        assertThrows(MeshConnectException.class, () -> dialer.dial("web", null));
    assertFalse(e.refusedByPeer());
    assertEquals("web", e.upstream());
    assertTrue(
        e.getMessage()
            .startsWith(
                "refused the certificate of web-1@127.0.0.1:" + impostor.address().getPort()),
        e.getMessage());
    assertTrue(e.getMessage().contains("billing"), e.getMessage());

    TlsEchoServer web = server("web-real", TestMesh.uri("web"), true);
    consul.instances("web", impostor.address(), web.address());
    consul.refresh("web", () -> resolver.endpoints("web").size() == 2);
    try (SSLSocket s = dialer.dial("web", null)) {
      assertEquals("web-real: hi", exchange(s, "hi"));
    }
  }

  @Test
  void aPeerInAnotherNamespaceIsRefused() throws Exception {
    TlsEchoServer other = server("web-ns", TestMesh.uri("other", "web"), true);
    consul.instances("web", other.address());

    MeshConnectException e =
        assertThrows(MeshConnectException.class, () -> dialer.dial("web", null));

    assertFalse(e.refusedByPeer());
    assertTrue(
        e.getMessage().contains("presented " + TestMesh.uri("other", "web")), e.getMessage());
  }

  private void webDeniesApi() {
    consul.intentions(
        "web",
        "allow",
        "[{\"SourceNS\":\"default\",\"SourceName\":\"api\",\"DestinationNS\":\"default\","
            + "\"DestinationName\":\"web\",\"SourceType\":\"consul\",\"Action\":\"deny\",\"Precedence\":9}]");
  }

  @Test
  void aRefusalByThePeersIntentionsCarriesTheReasonAndIsNotRetried() throws Exception {
    // TLS 1.2: the client's handshake waits for the server's verdict
    TlsEchoServer first = server("web-1", TestMesh.uri("web"), false, "TLSv1.2");
    TlsEchoServer second = server("web-2", TestMesh.uri("web"), false, "TLSv1.2");
    consul.instances("web", first.address(), second.address());
    webDeniesApi();

    MeshConnectException e =
        assertThrows(MeshConnectException.class, () -> dialer.dial("web", null));

    assertTrue(e.refusedByPeer());
    assertTrue(
        e.getMessage()
            .contains(
                "refused the mesh connection from api: Matched L4 intention: api => web (deny"),
        e.getMessage());
    assertEquals(
        1,
        first.accepted() + second.accepted(),
        "a refusal must not be retried on another instance");
    assertEquals(
        List.of(),
        resolver.ejected(UpstreamTarget.of("web")),
        "a refusal is not the instance's fault");
    for (Endpoint ep : resolver.endpoints("web")) {
      assertEquals(0, resolver.outstanding(UpstreamTarget.of("web"), ep));
    }
  }

  @Test
  void underTls13ARefusalIsExplainedWhetherDialOrTheFirstReadSeesIt() throws Exception {
    // TLS 1.3: our side of the handshake may end before the server checked our certificate; then
    // dial() returns and the server's alert is the first thing read, which dial() cannot explain
    // (see the report); the diagnostics can
    TlsEchoServer web = server("web-1", TestMesh.uri("web"), false);
    consul.instances("web", web.address());
    webDeniesApi();

    MeshConnectException refusal;
    try (SSLSocket s = dialer.dial("web", null)) {
      assertEquals("TLSv1.3", s.getSession().getProtocol());
      IOException alert = assertThrows(IOException.class, () -> exchange(s, "let me in"));
      refusal =
          new RefusalDiagnostics(consul.client)
              .explain(api.current().identity(), resolver.endpoints("web").get(0), alert)
              .orElseThrow();
    } catch (MeshConnectException e) {
      refusal = e;
    }
    assertTrue(refusal.refusedByPeer());
    assertTrue(
        refusal.getMessage().contains("Matched L4 intention: api => web (deny"),
        refusal.getMessage());
  }

  @Test
  void aPeerThatNeverHandshakesTimesOutPerAttempt() throws Exception {
    TlsEchoServer hung = new TlsEchoServer("hung", null);
    closeMe.add(hung);
    consul.instances("web", hung.address());

    IOException e =
        assertThrows(IOException.class, () -> dialer.dial("web", Duration.ofMillis(300)));

    assertInstanceOf(SocketTimeoutException.class, e, "got " + e);
    assertEquals(1, hung.accepted());
  }

  @Test
  void noInstanceIsAnIoExceptionNamingTheUpstream() {
    consul.healthConnect("web", "[]");

    IOException e = assertThrows(IOException.class, () -> dialer.dial("web", null));

    assertInstanceOf(NoHealthyUpstreamException.class, e.getCause());
    assertTrue(e.getMessage().contains("'web'"), e.getMessage());
  }
}
