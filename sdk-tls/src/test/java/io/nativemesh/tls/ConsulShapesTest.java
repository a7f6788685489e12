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
package io.nativemesh.tls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.nativemesh.blocking.Watches;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.tls.internal.LeafMaterial;
import io.nativemesh.tls.source.MeshTlsSource;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK against responses shaped like real Consul's: a SEC1 {@code EC PRIVATE KEY} with its curve
 * (as Go's {@code x509.MarshalECPrivateKey} writes it), a {@code CertPEM} with a duplicated
 * intermediate (Consul #7018), and, once material is loaded, 403s, 500s and hangs: the last good
 * material stays in force.
 */
class ConsulShapesTest {
  private FakeAgent agent;
  private WireMockServer wm;
  private Watches watches;
  private ScheduledExecutorService scheduler;
  private MeshTlsSource source;
  private TestCa root;
  private TestCa intermediate;

  @BeforeEach
  void setUp() throws Exception {
    root = new TestCa("root");
    intermediate = new TestCa("signing-intermediate", root);
    agent = new FakeAgent(Duration.ofSeconds(1), Duration.ofSeconds(1));
    wm = agent.wm;
    watches = agent.watches;
    scheduler = agent.scheduler;
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    agent.close();
  }

  /** SEC1 ECPrivateKey with namedCurve parameters and the public key, as Go writes it. */
  static String sec1WithCurve(KeyPair kp) throws Exception {
    BigInteger d = ((ECPrivateKey) kp.getPrivate()).getS();
    byte[] pub =
        SubjectPublicKeyInfo.getInstance(((ECPublicKey) kp.getPublic()).getEncoded())
            .getPublicKeyData()
            .getBytes();
    // FQN: clashes with java.security.interfaces.ECPrivateKey
    var sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256, d, new DERBitString(pub), SECObjectIdentifiers.secp256r1);
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(sec1.getEncoded());
    return "-----BEGIN EC PRIVATE KEY-----\n" + b64 + "\n-----END EC PRIVATE KEY-----\n";
  }

  private String leafBody(TestCa.Leaf o, String certPem, String keyPem) {
    return "{\"SerialNumber\":\"1f\",\"CertPEM\":"
        + FakeAgent.json(certPem)
        + ",\"PrivateKeyPEM\":"
        + FakeAgent.json(keyPem)
        + ",\"Service\":\"web\",\"ServiceURI\":\""
        + o.uris[0]
        + "\",\"ModifyIndex\":21}";
  }

  @Test
  void sec1KeyWithCurveAndDuplicatedIntermediatesDecode() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("web"));
    var leaf = intermediate.leaf(o);
    String certPem =
        FakeAgent.pem(leaf) + FakeAgent.pem(intermediate.root) + FakeAgent.pem(intermediate.root);
    LeafMaterial m =
        LeafMaterial.decode(
            new IssuedCert(
                "1f", certPem, sec1WithCurve(o.key), "web", o.uris[0], null, null, 1, 1));
    assertEquals(2, m.chain().length, "duplicate intermediate removed");
    assertEquals("web", m.identity().service());
  }

  @Test
  void keyOfAnotherCertificateIsRefused() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("web"));
    var leaf = root.leaf(o);
    KeyPair other = TestCa.ecKey();
    var e =
        assertThrows(
            CertificateRejectedException.class,
            () ->
                LeafMaterial.decode(
                    new IssuedCert(
                        "1f",
                        FakeAgent.pem(leaf),
                        sec1WithCurve(other),
                        "web",
                        o.uris[0],
                        null,
                        null,
                        1,
                        1)));
    assertEquals(CertificateRejectedException.Reason.KEY_MISMATCH, e.reason());
  }

  @Test
  void forbiddenIntentionsFallBackToAgentAuthorizeWithACache() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("web"));
    var leaf = root.leaf(o);
    String rootsJson =
        "{\"ActiveRootID\":\"aa\",\"TrustDomain\":\""
            + TestCa.TD
            + "\",\"Roots\":[{\"ID\":\"aa\",\"Name\":\"r\","
            + "\"RootCert\":"
            + FakeAgent.json(FakeAgent.pem(root.root))
            + ",\"Active\":true}]}";
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "3")
                    .withFixedDelay(100)
                    .withBody(rootsJson)));
    wm.stubFor(
        get(urlPathEqualTo("/v1/connect/intentions/match"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "Permission denied: token lacks permission 'intentions:read' on \"web\"")));
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/leaf/web"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "21")
                    .withFixedDelay(100)
                    .withBody(leafBody(o, FakeAgent.pem(leaf), sec1WithCurve(o.key)))));
    wm.stubFor(
        post(urlPathEqualTo("/v1/agent/connect/authorize"))
            .withRequestBody(containing("/svc/api\""))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"Authorized\":true,\"Reason\":\"Matched L4 intention: api => web\"}")));
    wm.stubFor(
        post(urlPathEqualTo("/v1/agent/connect/authorize"))
            .withRequestBody(containing("/svc/intruder\""))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"Authorized\":false,\"Reason\":\"Default behavior configured by ACLs\"}")));
    source = new MeshTlsSource(watches, "web", TlsPolicy.DEFAULT, false, scheduler);
    MeshState s = source.ready().get(10, TimeUnit.SECONDS);
    assertTrue(s.agentAuthorizer() != null, "fallback not engaged");
    MeshTrustManager tm = new MeshTrustManager(source.store(), TlsPolicy.DEFAULT);
    var api = new X509Certificate[] {root.leaf(new TestCa.Leaf(TestCa.uri("api")))};
    assertEquals("api", tm.verifyClient(api).service());
    assertEquals("api", tm.verifyClient(api).service());
    var e =
        assertThrows(
            CertificateRejectedException.class,
            () ->
                tm.verifyClient(
                    new X509Certificate[] {root.leaf(new TestCa.Leaf(TestCa.uri("intruder")))}));
    assertTrue(e.getMessage().contains("Default behavior configured by ACLs"), e.getMessage());
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v1/agent/connect/authorize"))
            .withRequestBody(containing("/svc/api\"")));
  }

  @Test
  void lastGoodMaterialSurvivesErrorsAndHangs() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("web"));
    var leaf = intermediate.leaf(o);
    String rootsJson =
        "{\"ActiveRootID\":\"aa\",\"TrustDomain\":\""
            + TestCa.TD
            + "\",\"Roots\":[{\"ID\":\"aa\",\"Name\":\"r\","
            + "\"RootCert\":"
            + FakeAgent.json(FakeAgent.pem(root.root))
            + ",\"IntermediateCerts\":["
            + FakeAgent.json(FakeAgent.pem(intermediate.root))
            + "],\"Active\":true}]}";
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .withQueryParam("index", absent())
            .willReturn(aResponse().withHeader("X-Consul-Index", "3").withBody(rootsJson)));
    wm.stubFor(
        get(urlPathEqualTo("/v1/connect/intentions/match"))
            .withQueryParam("index", absent())
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "4")
                    .withHeader("X-Consul-Default-ACL-Policy", "deny")
                    .withBody("{\"web\":[]}")));
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/leaf/web"))
            .withQueryParam("index", absent())
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "21")
                    .withBody(
                        leafBody(
                            o,
                            FakeAgent.pem(leaf)
                                + FakeAgent.pem(intermediate.root)
                                + FakeAgent.pem(intermediate.root),
                            sec1WithCurve(o.key)))));
    // after the first answers: the agent breaks in every way Consul users have seen
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .withQueryParam("index", matching(".+"))
            .willReturn(
                aResponse().withStatus(500).withBody("rpc error making call: No cluster leader")));
    wm.stubFor(
        get(urlPathEqualTo("/v1/connect/intentions/match"))
            .withQueryParam("index", matching(".+"))
            .willReturn(aResponse().withStatus(403).withBody("Permission denied")));
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/leaf/web"))
            .withQueryParam("index", matching(".+"))
            .willReturn(aResponse().withFixedDelay(30_000)));

    source = new MeshTlsSource(watches, "web", TlsPolicy.DEFAULT, true, scheduler);
    MeshState first = source.ready().get(10, TimeUnit.SECONDS);
    assertEquals(2, first.chain().length);
    assertFalse(
        first.intentions().defaultAllow(),
        "X-Consul-Default-ACL-Policy: deny is honoured over the local default");
    // from now on the non-blocking reads fail too
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .withQueryParam("index", absent())
            .willReturn(aResponse().withStatus(500).withBody("internal error")));
    wm.stubFor(
        get(urlPathEqualTo("/v1/connect/intentions/match"))
            .withQueryParam("index", absent())
            .willReturn(aResponse().withStatus(403).withBody("Permission denied")));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    MeshState now = source.store().current();
    assertSame(first, now, "material replaced although the agent only returned errors");
    assertTrue(source.readiness().ready(), source.readiness().reason());
    MeshKeyManager km = new MeshKeyManager(source.store());
    assertSame(first.privateKey(), km.getPrivateKey(km.chooseEngineServerAlias("EC", null, null)));
    assertNull(km.chooseEngineServerAlias("RSA", null, null));
  }
}
