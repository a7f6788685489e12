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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.tls.CertificateRejectedException.Reason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Negative fixtures: each broken certificate is refused with its own typed reason. */
class MeshTrustManagerTest {
  static TestCa ca;
  static TestCa foreign;
  static MeshStateStore store;
  static MeshTrustManager tm;

  @BeforeAll
  static void setUp() throws Exception {
    ca = new TestCa("root-a");
    foreign = new TestCa("root-foreign");
    store = new MeshStateStore();
    store.publish(
        Fixtures.state(
            1,
            ca,
            "web",
            List.of(
                Fixtures.intention("api", "web", "allow"), Fixtures.intention("*", "web", "deny")),
            true));
    tm = new MeshTrustManager(store, TlsPolicy.DEFAULT);
  }

  private static X509Certificate[] chain(TestCa c, TestCa.Leaf o) throws Exception {
    return new X509Certificate[] {c.leaf(o)};
  }

  private static Reason clientReason(X509Certificate[] chain) {
    return assertThrows(
            CertificateRejectedException.class, () -> tm.checkClientTrusted(chain, "EC"))
        .reason();
  }

  @Test
  void allowedClientPasses() throws Exception {
    assertEquals("api", tm.verifyClient(chain(ca, new TestCa.Leaf(TestCa.uri("api")))).service());
  }

  @Test
  void wildcardDenyBeatsDefaultAllowAndNamesTheIntention() throws Exception {
    var e =
        assertThrows(
            CertificateRejectedException.class,
            () -> tm.verifyClient(chain(ca, new TestCa.Leaf(TestCa.uri("intruder")))));
    assertEquals(Reason.DENIED_BY_INTENTION, e.reason());
    assertTrue(e.getMessage().contains("* => web (deny, precedence 8)"), e.getMessage());
  }

  @Test
  void aRememberedChainIsNotTrustedUnderOtherRoots() throws Exception {
    X509Certificate[] c = chain(ca, new TestCa.Leaf(TestCa.uri("api")));
    assertEquals("api", tm.verifyClient(c).service());
    assertEquals("api", tm.verifyClient(c).service()); // served from the validated-chain memory
    MeshStateStore other = new MeshStateStore();
    other.publish(
        Fixtures.state(
            1, foreign, "web", List.of(Fixtures.intention("api", "web", "allow")), true));
    MeshTrustManager otherTm = new MeshTrustManager(other, TlsPolicy.DEFAULT);
    assertEquals(
        Reason.CHAIN_INVALID,
        assertThrows(CertificateRejectedException.class, () -> otherTm.verifyClient(c)).reason());
  }

  @Test
  void foreignCa() throws Exception {
    assertEquals(
        Reason.CHAIN_INVALID, clientReason(chain(foreign, new TestCa.Leaf(TestCa.uri("api")))));
  }

  @Test
  void expired() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("api"));
    o.notBefore = Instant.now().minusSeconds(7200);
    o.notAfter = Instant.now().minusSeconds(1);
    assertEquals(Reason.EXPIRED, clientReason(chain(ca, o)));
  }

  @Test
  void notYetValid() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("api"));
    o.notBefore = Instant.now().plusSeconds(600);
    assertEquals(Reason.NOT_YET_VALID, clientReason(chain(ca, o)));
  }

  @Test
  void caLeaf() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("api"));
    o.ca = true;
    assertEquals(Reason.CA_LEAF, clientReason(chain(ca, o)));
  }

  @Test
  void noUriSan() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf();
    o.dnsSan = "api.example.com";
    assertEquals(Reason.URI_SAN_COUNT, clientReason(chain(ca, o)));
  }

  @Test
  void twoUriSans() throws Exception {
    assertEquals(
        Reason.URI_SAN_COUNT,
        clientReason(chain(ca, new TestCa.Leaf(TestCa.uri("api"), TestCa.uri("web")))));
  }

  @Test
  void notAServiceIdentity() throws Exception {
    assertEquals(
        Reason.INVALID_SPIFFE_ID,
        clientReason(
            chain(ca, new TestCa.Leaf("spiffe://" + TestCa.TD + "/agent/client/dc/dc1/id/n1"))));
  }

  @Test
  void wrongEkuForClient() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("api"));
    o.eku = new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
    assertEquals(Reason.WRONG_EKU, clientReason(chain(ca, o)));
  }

  @Test
  void truncatedChainFromIntermediateCa() throws Exception {
    // a leaf whose issuer is not a trusted root, presented without its intermediate
    TestCa other = new TestCa("intermediate-not-sent");
    assertEquals(
        Reason.CHAIN_INVALID, clientReason(chain(other, new TestCa.Leaf(TestCa.uri("api")))));
  }

  @Test
  void wrongTrustDomainOnlyInStrictMode() throws Exception {
    X509Certificate[] c =
        chain(ca, new TestCa.Leaf("spiffe://other.consul/ns/default/dc/dc1/svc/api"));
    assertEquals("api", tm.verifyClient(c).service()); // Consul's lenient rule
    MeshTrustManager strict =
        new MeshTrustManager(store, new TlsPolicy(Clock.systemUTC(), true, false));
    assertEquals(
        Reason.WRONG_TRUST_DOMAIN,
        assertThrows(CertificateRejectedException.class, () -> strict.verifyClient(c)).reason());
  }

  @Test
  void serverMustBeTheDialledService() throws Exception {
    X509Certificate[] c = chain(ca, new TestCa.Leaf(TestCa.uri("api")));
    assertEquals("api", tm.verifyServer(c, "api.service.consul").service());
    assertEquals("api", tm.verifyServer(c, "ip-7f000001.api.service.dc1.consul").service());
    assertEquals(
        Reason.WRONG_SERVICE,
        assertThrows(
                CertificateRejectedException.class, () -> tm.verifyServer(c, "db.service.consul"))
            .reason());
    assertEquals(
        Reason.WRONG_SERVICE,
        assertThrows(
                CertificateRejectedException.class,
                () -> tm.verifyServer(c, "ip-7f000001.api.service.dc2.consul"))
            .reason());
    assertEquals(
        Reason.WRONG_SERVICE,
        assertThrows(CertificateRejectedException.class, () -> tm.verifyServer(c, "127.0.0.1"))
            .reason());
    assertEquals(
        Reason.WRONG_SERVICE,
        assertThrows(CertificateRejectedException.class, () -> tm.checkServerTrusted(c, "EC"))
            .reason());
  }

  @Test
  void wrongEkuForServer() throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("api"));
    o.eku = new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
    X509Certificate[] c = chain(ca, o);
    assertEquals(
        Reason.WRONG_EKU,
        assertThrows(
                CertificateRejectedException.class, () -> tm.verifyServer(c, "api.service.consul"))
            .reason());
  }

  @Test
  void notReadyFailsClosed() throws Exception {
    MeshTrustManager empty = new MeshTrustManager(new MeshStateStore(), TlsPolicy.DEFAULT);
    X509Certificate[] c = chain(ca, new TestCa.Leaf(TestCa.uri("api")));
    assertEquals(
        Reason.NOT_READY,
        assertThrows(CertificateRejectedException.class, () -> empty.verifyClient(c)).reason());
    assertEquals(0, empty.getAcceptedIssuers().length);
  }
}
