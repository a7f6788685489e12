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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.tls.CertificateRejectedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RefusalDiagnostics}: telling our rejection of the peer from the peer's refusal of us, the
 * latter by evaluating the destination's intentions from {@code /v1/connect/intentions/match}
 * (WireMock in Consul's shape).
 */
class RefusalDiagnosticsTest {
  private static final ServiceIdentity WEB = SpiffeId.parse(TestMesh.uri("web")).asService();
  private static final Endpoint API_1 =
      new Endpoint("api", "api-1", "node-1", "dc1", new InetSocketAddress("127.0.0.1", 21000));
  private static final SSLHandshakeException ALERT =
      new SSLHandshakeException("Received fatal alert: certificate_unknown");
  private FakeConsul consul;
  private RefusalDiagnostics diagnostics;

  @BeforeEach
  void start() {
    consul = new FakeConsul();
    diagnostics = new RefusalDiagnostics(consul.client);
  }

  @AfterEach
  void stop() {
    consul.close();
  }

  private static String intention(String source, String action) {
    return "{\"ID\":\"i-"
        + source
        + "\",\"SourceNS\":\"default\",\"SourceName\":\""
        + source
        + "\",\"DestinationNS\":\"default\","
        + "\"DestinationName\":\"api\",\"SourceType\":\"consul\",\"Action\":\""
        + action
        + "\",\"Precedence\":9}";
  }

  @Test
  void ourRejectionIsFoundAnywhereInTheChain() {
    CertificateRejectedException ours =
        new CertificateRejectedException(
            CertificateRejectedException.Reason.WRONG_SERVICE, "expected api, got billing");
    IOException wrapped =
        new IOException("handshake", new SSLHandshakeException("wrapped").initCause(ours));

    assertSame(ours, RefusalDiagnostics.ourRejection(wrapped).orElseThrow());
    assertEquals(Optional.empty(), RefusalDiagnostics.ourRejection(new IOException("plain")));
  }

  @Test
  void peerAlertNeedsAnSslExceptionMentioningAnAlert() {
    assertTrue(RefusalDiagnostics.peerAlert(ALERT));
    assertTrue(
        RefusalDiagnostics.peerAlert(
            new IOException("write failed", new SSLException("SSLV3_ALERT_BAD_CERTIFICATE"))));
    assertFalse(RefusalDiagnostics.peerAlert(new IOException("alert in a non-TLS exception")));
    assertFalse(RefusalDiagnostics.peerAlert(new SSLException((String) null)));
    assertFalse(RefusalDiagnostics.peerAlert(new SSLException("Connection reset")));
  }

  @Test
  void expectedDecisionEvaluatesTheDestinationsIntentionsForUs() {
    consul.intentions(
        "api", "allow", "[" + intention("web", "deny") + "," + intention("*", "allow") + "]");

    IntentionDecision d = diagnostics.expectedDecision(WEB, "api").orElseThrow();

    assertFalse(d.allowed());
    assertTrue(d.reason().startsWith("Matched L4 intention: web => api (deny"), d.reason());
    consul.wm.verify(
        getRequestedFor(urlPathEqualTo("/v1/connect/intentions/match"))
            .withQueryParam("by", equalTo("destination"))
            .withQueryParam("name", equalTo("api")));
  }

  @Test
  void expectedDecisionFallsToTheAclDefaultPolicyHeader() {
    consul.intentions("api", "deny", "[]");
    IntentionDecision deny = diagnostics.expectedDecision(WEB, "api").orElseThrow();
    assertFalse(deny.allowed());
    assertEquals(
        "No intention matches web => api; default intention policy is deny", deny.reason());

    consul.intentions("api", "ALLOW", "[]");
    assertTrue(
        diagnostics.expectedDecision(WEB, "api").orElseThrow().allowed(),
        "the header is case-insensitive");
  }

  @Test
  void unreadableIntentionsGiveNoDecision() {
    consul.wm.stubFor(
        get(urlPathEqualTo("/v1/connect/intentions/match"))
            .willReturn(aResponse().withStatus(403).withBody("Permission denied")));

    assertEquals(Optional.empty(), diagnostics.expectedDecision(WEB, "api"));
  }

  @Test
  void ourRejectionExplainsWithoutAskingConsul() {
    CertificateRejectedException ours =
        new CertificateRejectedException(
            CertificateRejectedException.Reason.EXPIRED, "leaf expired at 2030-01-01T00:00:00Z");

    MeshConnectException e =
        diagnostics
            .explain(WEB, API_1, new SSLHandshakeException("x").initCause(ours))
            .orElseThrow();

    assertFalse(e.refusedByPeer());
    assertEquals("api", e.upstream());
    assertEquals(
        "refused the certificate of api-1@127.0.0.1:21000: EXPIRED: leaf expired at 2030-01-01T00:00:00Z",
        e.getMessage());
    assertEquals(
        0, consul.wm.getAllServeEvents().size(), "no intentions read for our own rejection");
  }

  @Test
  void nothingListeningIsNotATlsRefusal() {
    assertEquals(
        Optional.empty(),
        diagnostics.explain(WEB, API_1, new ConnectException("Connection refused")));
    assertEquals(0, consul.wm.getAllServeEvents().size());
  }

  @Test
  void aDenyingIntentionMakesItARefusalByThePeerWithTheIntentionAsReason() {
    consul.intentions("api", "allow", "[" + intention("web", "deny") + "]");
    EOFException closed = new EOFException("stream closed after the TLS 1.3 handshake");

    MeshConnectException e = diagnostics.explain(WEB, API_1, closed).orElseThrow();

    assertTrue(e.refusedByPeer());
    assertSame(closed, e.getCause());
    assertTrue(
        e.getMessage()
            .startsWith(
                "api (api-1@127.0.0.1:21000) refused the mesh connection from web: "
                    + "Matched L4 intention: web => api (deny"),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("[TLS: stream closed after the TLS 1.3 handshake]"),
        e.getMessage());
  }

  @Test
  void anAlertAlthoughIntentionsAllowPointsAtCertificates() {
    consul.intentions("api", "deny", "[" + intention("web", "allow") + "]");

    MeshConnectException e = diagnostics.explain(WEB, API_1, ALERT).orElseThrow();

    assertFalse(e.refusedByPeer());
    assertTrue(
        e.getMessage()
            .startsWith(
                "api (api-1@127.0.0.1:21000) aborted the TLS handshake; intentions allow web => api ("),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("so check the peer's CA roots and our certificate"),
        e.getMessage());
  }

  @Test
  void anAlertWithUnreadableIntentionsSaysSo() {
    consul.wm.stubFor(
        get(urlPathEqualTo("/v1/connect/intentions/match"))
            .willReturn(aResponse().withStatus(500)));

    MeshConnectException e = diagnostics.explain(WEB, API_1, ALERT).orElseThrow();
    assertFalse(e.refusedByPeer());
    assertEquals(
        "api (api-1@127.0.0.1:21000) aborted the TLS handshake; intentions could not be read "
            + "[TLS: Received fatal alert: certificate_unknown]",
        e.getMessage());

    MeshConnectException anonymous = diagnostics.explain(null, API_1, ALERT).orElseThrow();
    assertTrue(
        anonymous.getMessage().contains("intentions could not be read"), anonymous.getMessage());
  }

  @Test
  void anAllowedConnectionThatBrokeWithoutAnAlertIsNotExplained() {
    consul.intentions("api", "allow", "[]");

    assertEquals(
        Optional.empty(), diagnostics.explain(WEB, API_1, new IOException("Connection reset")));
  }
}
