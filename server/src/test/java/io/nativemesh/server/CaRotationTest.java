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
package io.nativemesh.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.server.internal.ca.ColonHex;
import io.nativemesh.server.internal.ca.Pem;
import io.nativemesh.server.internal.ca.X509Factory;
import io.nativemesh.server.internal.http.ConsulJson;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CA configuration GET/PUT and root rotation with cross-signing (docs/consul-api.md, "CA
 * configuration", "Root rotation and cross-signing").
 */
class CaRotationTest {

  private static <T> T read(String body, Class<T> type) throws Exception {
    return ConsulJson.mapper().readValue(body, type);
  }

  static List<X509Certificate> parseAll(String pem) throws Exception {
    Collection<? extends Certificate> all =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    List<X509Certificate> out = new ArrayList<>();
    all.forEach(c -> out.add((X509Certificate) c));
    return out;
  }

  private static X509Certificate parse(String pem) throws Exception {
    return parseAll(pem).get(0);
  }

  /** PKIX path building as a TLS peer does it: the served chain as candidates, one trust anchor. */
  static void buildPath(List<X509Certificate> chain, X509Certificate anchor) throws Exception {
    X509CertSelector target = new X509CertSelector();
    target.setCertificate(chain.get(0));
    PKIXBuilderParameters params =
        new PKIXBuilderParameters(Set.of(new TrustAnchor(anchor, null)), target);
    params.setRevocationEnabled(false);
    params.addCertStore(
        CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
    CertPathBuilder.getInstance("PKIX").build(params);
    // and the JDK's TLS trust manager (SunJSSE PKIXValidator) agrees
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("anchor", anchor);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
    tm.checkClientTrusted(chain.toArray(X509Certificate[]::new), "EC");
  }

  private static void assertPathFails(List<X509Certificate> chain, X509Certificate anchor) {
    try {
      buildPath(chain, anchor);
    } catch (Exception expected) {
      return;
    }
    throw new AssertionError(
        "path unexpectedly validated against " + anchor.getSubjectX500Principal());
  }

  @Test
  void configurationHasConsulShapeAndDefaults() throws Exception {
    try (TestServer s = TestServer.dev()) {
      var r = s.get("/v1/connect/ca/configuration");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode cfg = TestServer.json(r);
      assertEquals("consul", cfg.get("Provider").asText());
      assertEquals("72h0m0s", cfg.get("Config").get("LeafCertTTL").asText());
      assertEquals("8760h0m0s", cfg.get("Config").get("IntermediateCertTTL").asText());
      assertEquals("87600h0m0s", cfg.get("Config").get("RootCertTTL").asText());
      assertEquals("ec", cfg.get("Config").get("PrivateKeyType").asText());
      assertEquals(256, cfg.get("Config").get("PrivateKeyBits").asInt());
      assertEquals(
          ServerConfig.DEFAULT_CSR_MAX_PER_SECOND,
          cfg.get("Config").get("CSRMaxPerSecond").asDouble());
      assertNull(cfg.get("Config").get("PrivateKey"));
      assertFalse(cfg.get("ForceWithoutCrossSigning").asBoolean());
      assertEquals(cfg.get("ModifyIndex").asLong(), TestServer.index(r));
    }
  }

  @Test
  void rotationCrossSignsAndNewLeavesValidateAgainstEitherRoot() throws Exception {
    try (TestServer s =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("n")
                .caRotationStagger(Duration.ofMillis(300)))) {
      var rootsBefore = s.get("/v1/connect/ca/roots");
      CaRoot oldRoot = read(rootsBefore.body(), CaRoots.class).roots().get(0);
      X509Certificate oldCert = parse(oldRoot.rootCert());
      IssuedCert oldLeaf = read(s.get("/v1/agent/connect/ca/leaf/web").body(), IssuedCert.class);

      // park a blocking leaf query and a blocking roots query before rotating
      CompletableFuture<HttpResponse<String>> leafWait =
          CompletableFuture.supplyAsync(
              () ->
                  s.get(
                      "/v1/agent/connect/ca/leaf/web?index="
                          + oldLeaf.modifyIndex()
                          + "&wait=20s"));
      CompletableFuture<HttpResponse<String>> rootsWait =
          CompletableFuture.supplyAsync(
              () ->
                  s.get(
                      "/v1/agent/connect/ca/roots?index="
                          + TestServer.index(rootsBefore)
                          + "&wait=20s"));
      Thread.sleep(300);
      assertFalse(leafWait.isDone());

      Instant rotatedAt = Instant.now();
      var put =
          s.put(
              "/v1/connect/ca/configuration",
              "{\"Provider\":\"consul\",\"Config\":{\"LeafCertTTL\":\"72h\"}}");
      assertEquals(200, put.statusCode(), put.body());

      var rootsResp = rootsWait.get();
      assertTrue(Duration.between(rotatedAt, Instant.now()).toMillis() < 5000);
      CaRoots roots = read(rootsResp.body(), CaRoots.class);
      assertTrue(TestServer.index(rootsResp) > TestServer.index(rootsBefore));
      assertEquals(2, roots.roots().size());
      CaRoot old =
          roots.roots().stream().filter(r -> r.id().equals(oldRoot.id())).findFirst().orElseThrow();
      CaRoot active = roots.roots().stream().filter(CaRoot::active).findFirst().orElseThrow();
      assertFalse(old.active());
      assertEquals(1, roots.roots().stream().filter(CaRoot::active).count());
      assertEquals(active.id(), roots.activeRootId());
      assertNotEquals(oldRoot.id(), active.id());
      assertNotEquals(oldRoot.signingKeyId(), active.signingKeyId());
      assertFalse(rootsResp.body().contains("RotatedOutAt"), "RotatedOutAt is never serialized");
      assertEquals(oldRoot.externalTrustDomain(), active.externalTrustDomain());

      // the cross-signed certificate: first intermediate, new subject + key, issued by the old root
      X509Certificate newCert = parse(active.rootCert());
      assertEquals(1, active.intermediateCerts().size());
      X509Certificate cross = parse(active.intermediateCerts().get(0));
      assertEquals(newCert.getSubjectX500Principal(), cross.getSubjectX500Principal());
      assertEquals(newCert.getPublicKey(), cross.getPublicKey());
      assertEquals(oldCert.getSubjectX500Principal(), cross.getIssuerX500Principal());
      cross.verify(oldCert.getPublicKey());
      byte[] aki =
          AuthorityKeyIdentifier.getInstance(
                  ASN1OctetString.getInstance(cross.getExtensionValue("2.5.29.35")).getOctets())
              .getKeyIdentifier();
      assertArrayEquals(X509Factory.keyId(oldCert.getPublicKey()), aki);
      assertTrue(cross.getBasicConstraints() >= 0);
      Duration crossLife =
          Duration.between(cross.getNotBefore().toInstant(), cross.getNotAfter().toInstant());
      assertTrue(
          crossLife.compareTo(Duration.ofDays(7)) >= 0
              && crossLife.compareTo(Duration.ofDays(7).plusMinutes(2)) <= 0,
          crossLife.toString());

      // the parked leaf query returns a new leaf promptly (stagger 300 ms)
      var leafResp = leafWait.get();
      assertTrue(
          Duration.between(rotatedAt, Instant.now()).toMillis() < 5000, "leaf re-issued promptly");
      IssuedCert newLeaf = read(leafResp.body(), IssuedCert.class);
      assertNotEquals(oldLeaf.serialNumber(), newLeaf.serialNumber());
      assertTrue(newLeaf.modifyIndex() > oldLeaf.modifyIndex());
      List<X509Certificate> chain = parseAll(newLeaf.certPem());
      assertEquals(2, chain.size(), "CertPEM = leaf + cross-signed intermediate");
      assertEquals(cross, chain.get(1));
      assertEquals(newCert.getSubjectX500Principal(), chain.get(0).getIssuerX500Principal());
      byte[] leafAki =
          AuthorityKeyIdentifier.getInstance(
                  ASN1OctetString.getInstance(chain.get(0).getExtensionValue("2.5.29.35"))
                      .getOctets())
              .getKeyIdentifier();
      assertEquals(active.signingKeyId(), ColonHex.of(leafAki));

      // a peer that knows only the old root, and one that knows only the new root, both accept it
      buildPath(chain, oldCert);
      buildPath(chain, newCert);
      // the old leaf still validates against the old root (kept in the list)
      buildPath(parseAll(oldLeaf.certPem()), oldCert);
      assertPathFails(parseAll(oldLeaf.certPem()), newCert);

      // non-blocking reads now return the new leaf too
      assertEquals(
          newLeaf.serialNumber(),
          read(s.get("/v1/agent/connect/ca/leaf/web").body(), IssuedCert.class).serialNumber());
      // the server-form roots with ?pem=true list both roots
      assertEquals(2, parseAll(s.get("/v1/connect/ca/roots?pem=true").body()).size());
    }
  }

  @Test
  void operatorKeyRotatesOnceAndSameKeyOnlyUpdatesSettings() throws Exception {
    try (TestServer s = TestServer.dev()) {
      KeyPair kp = X509Factory.newEcKeyPair();
      String pem = Pem.ecPrivateKey(kp);
      String body =
          "{\"Provider\":\"consul\",\"Config\":{\"PrivateKey\":"
              + ConsulJson.mapper().writeValueAsString(pem)
              + ",\"LeafCertTTL\":\"2h\"}}";
      assertEquals(200, s.put("/v1/connect/ca/configuration", body).statusCode());
      CaRoots roots = read(s.get("/v1/connect/ca/roots").body(), CaRoots.class);
      assertEquals(2, roots.roots().size());
      CaRoot active = roots.roots().stream().filter(CaRoot::active).findFirst().orElseThrow();
      assertEquals(ColonHex.of(X509Factory.keyId(kp.getPublic())), active.signingKeyId());

      // same key again, different TTL: settings only, no new root
      var again = s.put("/v1/connect/ca/configuration", body.replace("2h", "3h"));
      assertEquals(200, again.statusCode(), again.body());
      assertEquals(2, read(s.get("/v1/connect/ca/roots").body(), CaRoots.class).roots().size());
      JsonNode cfg = TestServer.json(s.get("/v1/connect/ca/configuration"));
      assertEquals("3h0m0s", cfg.get("Config").get("LeafCertTTL").asText());
      assertNull(cfg.get("Config").get("PrivateKey"), "the key is never served");
      IssuedCert leaf = read(s.get("/v1/agent/connect/ca/leaf/api").body(), IssuedCert.class);
      Duration life = Duration.between(leaf.validAfter(), leaf.validBefore());
      assertTrue(
          life.compareTo(Duration.ofHours(3)) >= 0
              && life.compareTo(Duration.ofHours(3).plusMinutes(2)) <= 0,
          life.toString());
    }
  }

  @Test
  void rotatedOutRootIsPrunedAfterTwiceTheLeafTtl() throws Exception {
    try (TestServer s =
        new TestServer(
            ServerConfig.builder().dev(true).nodeName("n").leafCertTtl(Duration.ofSeconds(1)))) {
      assertEquals(
          200,
          s.put(
                  "/v1/connect/ca/configuration",
                  "{\"Provider\":\"consul\",\"Config\":{\"LeafCertTTL\":\"1s\"}}")
              .statusCode());
      assertEquals(2, read(s.get("/v1/connect/ca/roots").body(), CaRoots.class).roots().size());
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      int count = 2;
      while (count != 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        count = read(s.get("/v1/connect/ca/roots").body(), CaRoots.class).roots().size();
      }
      assertEquals(1, count, "old root pruned after 2 x LeafCertTTL");
      assertTrue(read(s.get("/v1/connect/ca/roots").body(), CaRoots.class).roots().get(0).active());
    }
  }

  @Test
  void aDurableServerTakesShortLeafTtlsOnlyWhenAllowed(@TempDir Path dir) throws Exception {
    String shortTtl =
        "{\"Provider\":\"consul\",\"Config\":{\"LeafCertTTL\":\"15s\","
            + "\"IntermediateCertTTL\":\"8760h\"}}";
    try (TestServer s =
        new TestServer(ServerConfig.builder().nodeName("n").dataDir(dir.resolve("strict")))) {
      var r = s.put("/v1/connect/ca/configuration", shortTtl);
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("LeafCertTTL must be between 1h0m0s"), r.body());
    }
    try (TestServer s =
        new TestServer(
            ServerConfig.builder()
                .nodeName("n")
                .dataDir(dir.resolve("allowed"))
                .allowShortLeafCertTtl(true)
                .leafCertTtl(Duration.ofSeconds(30)))) {
      IssuedCert first = read(s.get("/v1/agent/connect/ca/leaf/web").body(), IssuedCert.class);
      Duration life = Duration.between(first.validAfter(), first.validBefore());
      assertTrue(life.compareTo(Duration.ofSeconds(40)) < 0, "a 30 s leaf lives " + life);
      var r = s.put("/v1/connect/ca/configuration", shortTtl);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode cfg = TestServer.json(s.get("/v1/connect/ca/configuration"));
      assertEquals("15s", cfg.get("Config").get("LeafCertTTL").asText());
    }
  }

  @Test
  void invalidConfigurationsAre400WithAReason() {
    try (TestServer s = TestServer.dev()) {
      String[][] cases = {
        {"{\"Provider\":\"vault\",\"Config\":{}}", "unsupported CA provider"},
        {"{\"Provider\":\"consul\",\"Config\":{\"LeafCertTTL\":\"forever\"}}", "LeafCertTTL"},
        {"{\"Provider\":\"consul\",\"Config\":{\"LeafCertTTL\":\"9000h\"}}", "LeafCertTTL"},
        {"{\"Provider\":\"consul\",\"Config\":{\"PrivateKey\":\"not a pem\"}}", "PrivateKey"},
        {"{\"Provider\":\"consul\",\"Config\":{\"PrivateKeyType\":\"dsa\"}}", "PrivateKeyType"},
        {
          "{\"Provider\":\"consul\",\"Config\":{\"PrivateKeyType\":\"rsa\",\"PrivateKeyBits\":1024}}",
          "PrivateKeyBits 1024"
        },
        {
          "{\"Provider\":\"consul\",\"Config\":{\"PrivateKeyType\":\"ec\",\"PrivateKeyBits\":2048}}",
          "PrivateKeyBits 2048"
        },
        {"{\"Provider\":\"consul\",\"Config\":{\"Bogus\":1}}", "unknown CA config key"},
        {"{\"Provider\":\"consul\",\"Config\":[]}", "Config must be an object"},
        {"{\"Provider\":\"consul\",\"Config\":{\"CSRMaxPerSecond\":-1}}", "CSRMaxPerSecond"},
        {"[1]", "expected a JSON object"},
        {"{", "Request decode failed"},
      };
      for (String[] c : cases) {
        var r = s.put("/v1/connect/ca/configuration", c[0]);
        assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
        assertTrue(r.body().contains(c[1]), c[0] + " -> " + r.body());
      }
    }
  }

  @Test
  void csrRateLimitAnswers429AndKeepsValidCerts() throws Exception {
    try (TestServer s = TestServer.dev()) {
      var put =
          s.put(
              "/v1/connect/ca/configuration",
              "{\"Provider\":\"consul\",\"Config\":{\"CSRMaxPerSecond\":2}}");
      assertEquals(200, put.statusCode(), put.body());
      int limited = 0;
      for (int i = 0; i < 10; i++) {
        var r = s.get("/v1/agent/connect/ca/leaf/svc" + i);
        if (r.statusCode() == 429) {
          assertEquals("Rate limit reached, try again later", r.body());
          limited++;
        } else {
          assertEquals(200, r.statusCode(), r.body());
        }
      }
      assertTrue(limited >= 5, "limited " + limited);
    }
  }
}
