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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.server.internal.http.ConsulJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeafCertificateIT {

  private static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static <T> T read(String body, Class<T> type) throws Exception {
    return ConsulJson.mapper().readValue(body, type);
  }

  @Test
  void leafHasConnectProfileAndChainsToServedRoot(@TempDir Path dir) throws Exception {
    try (TestServer s = TestServer.dev()) {
      var rootsResponse = s.get("/v1/agent/connect/ca/roots");
      CaRoots roots = read(rootsResponse.body(), CaRoots.class);
      assertEquals(s.server.trustDomain(), roots.trustDomain());
      assertTrue(roots.trustDomain().matches("[0-9a-f-]{36}\\.consul"), roots.trustDomain());
      assertEquals(1, roots.roots().size());
      assertTrue(roots.roots().get(0).active());
      assertEquals(roots.activeRootId(), roots.roots().get(0).id());
      assertTrue(
          roots.activeRootId().matches("([0-9a-f]{2}:){19}[0-9a-f]{2}"), roots.activeRootId());
      assertEquals("ec", roots.roots().get(0).privateKeyType());
      assertEquals(256, roots.roots().get(0).privateKeyBits());
      assertTrue(TestServer.index(rootsResponse) >= 1);
      assertEquals(rootsResponse.body(), s.get("/v1/connect/ca/roots").body());
      X509Certificate root = parse(roots.roots().get(0).rootCert());
      assertTrue(root.getBasicConstraints() >= 0, "root is a CA");
      assertTrue(
          root.getSubjectX500Principal().getName().startsWith("CN=pri-"),
          root.getSubjectX500Principal().getName());
      assertEquals(
          List.of(6, "spiffe://" + roots.trustDomain()),
          List.copyOf(root.getSubjectAlternativeNames().iterator().next()));
      String pemChain = s.get("/v1/connect/ca/roots?pem=true").body();
      assertTrue(pemChain.startsWith("-----BEGIN CERTIFICATE-----"));

      var leafResponse = s.get("/v1/agent/connect/ca/leaf/greeting");
      assertEquals(200, leafResponse.statusCode(), leafResponse.body());
      IssuedCert leaf = read(leafResponse.body(), IssuedCert.class);
      assertEquals(leaf.modifyIndex(), TestServer.index(leafResponse));
      String uri = "spiffe://" + roots.trustDomain() + "/ns/default/dc/dc1/svc/greeting";
      assertEquals(uri, leaf.serviceUri());
      assertEquals("greeting", leaf.service());
      assertTrue(leaf.privateKeyPem().startsWith("-----BEGIN EC PRIVATE KEY-----\n"));
      assertTrue(leaf.certPem().endsWith("\n"));
      assertTrue(leaf.serialNumber().matches("[0-9a-f]{2}(:[0-9a-f]{2})*"), leaf.serialNumber());

      X509Certificate cert = parse(leaf.certPem());
      assertEquals("", cert.getSubjectX500Principal().getName());
      assertEquals(1, cert.getSubjectAlternativeNames().size());
      assertEquals(
          List.of(6, uri), List.copyOf(cert.getSubjectAlternativeNames().iterator().next()));
      assertTrue(cert.getCriticalExtensionOIDs().contains("2.5.29.17"), "URI SAN must be critical");
      assertEquals(List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
      assertEquals(-1, cert.getBasicConstraints());
      boolean[] ku = cert.getKeyUsage();
      assertTrue(
          ku[0] && ku[2] && ku[3] && ku[4] && !ku[5],
          "DigitalSignature|KeyEncipherment|DataEncipherment|KeyAgreement");
      assertEquals("SHA256withECDSA", cert.getSigAlgName());
      assertEquals(leaf.serialNumber(), String.format("%02x", cert.getSerialNumber()));
      assertEquals(leaf.validBefore(), cert.getNotAfter().toInstant());
      assertTrue(
          Duration.between(Instant.now(), leaf.validBefore()).compareTo(Duration.ofHours(71)) > 0,
          "default TTL 72h");

      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      CertPath path = cf.generateCertPath(List.of(cert));
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(path, params);

      // openssl agrees: required, not skipped
      Path openssl = Path.of("/usr/bin/openssl");
      assertTrue(Files.isExecutable(openssl), "/usr/bin/openssl is required for this test");
      Path rootFile = dir.resolve("root.pem");
      Path leafFile = dir.resolve("leaf.pem");
      Path keyFile = dir.resolve("key.pem");
      Files.writeString(rootFile, roots.roots().get(0).rootCert());
      Files.writeString(leafFile, leaf.certPem());
      Files.writeString(keyFile, leaf.privateKeyPem());
      assertEquals(
          leafFile + ": OK",
          run(openssl.toString(), "verify", "-CAfile", rootFile.toString(), leafFile.toString())
              .trim());
      String text = run(openssl.toString(), "x509", "-in", leafFile.toString(), "-noout", "-text");
      assertTrue(text.contains("URI:" + uri), text);
      assertTrue(
          text.contains("TLS Web Client Authentication")
              && text.contains("TLS Web Server Authentication"),
          text);
      String key = run(openssl.toString(), "ec", "-in", keyFile.toString(), "-noout", "-check");
      assertTrue(key.contains("EC Key valid") || key.isBlank() || key.contains("valid"), key);
    }
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "openssl timed out");
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed: " + out);
    return out;
  }

  @Test
  void blockingLeafQueryReturnsRenewedCertBeforeExpiry() throws Exception {
    try (TestServer s =
        new TestServer(
            ServerConfig.builder().dev(true).nodeName("n").leafCertTtl(Duration.ofSeconds(3)))) {
      var first = s.get("/v1/agent/connect/ca/leaf/web");
      IssuedCert a = read(first.body(), IssuedCert.class);
      assertEquals(a.modifyIndex(), TestServer.index(first));
      // the cached cert is returned while it is fresh
      assertEquals(
          a.serialNumber(),
          read(s.get("/v1/agent/connect/ca/leaf/web").body(), IssuedCert.class).serialNumber());

      var second = s.get("/v1/agent/connect/ca/leaf/web?index=" + a.modifyIndex() + "&wait=10s");
      Instant returned = Instant.now();
      IssuedCert b = read(second.body(), IssuedCert.class);
      assertNotEquals(a.serialNumber(), b.serialNumber());
      assertTrue(b.modifyIndex() > a.modifyIndex());
      assertEquals(b.modifyIndex(), TestServer.index(second));
      assertTrue(
          returned.isBefore(a.validBefore()),
          "renewed at " + returned + ", old cert expires " + a.validBefore());
      assertTrue(parse(b.certPem()).getNotAfter().toInstant().isAfter(a.validBefore()));
    }
  }

  @Test
  void nonBlockingReadRevalidatesAgainstTheInjectedClock() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (TestServer s =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("n")
                .clock(clock)
                .leafCertTtl(Duration.ofHours(1)))) {
      IssuedCert a = read(s.get("/v1/agent/connect/ca/leaf/api").body(), IssuedCert.class);
      Duration lifetime = Duration.between(a.validAfter(), a.validBefore());
      // now − 1 min (rounded down to the second) … now + 1 h (rounded up to the second)
      assertTrue(
          lifetime.compareTo(Duration.ofMinutes(61)) >= 0
              && lifetime.compareTo(Duration.ofMinutes(61).plusSeconds(2)) <= 0,
          lifetime.toString());
      clock.advance(Duration.ofMinutes(20));
      assertEquals(
          a.serialNumber(),
          read(s.get("/v1/agent/connect/ca/leaf/api").body(), IssuedCert.class).serialNumber());
      clock.advance(Duration.ofMinutes(40)); // past 90 % of the lifetime
      IssuedCert b = read(s.get("/v1/agent/connect/ca/leaf/api").body(), IssuedCert.class);
      assertNotEquals(a.serialNumber(), b.serialNumber());
      assertTrue(b.modifyIndex() > a.modifyIndex());
      assertEquals(
          clock.instant().plus(Duration.ofHours(1)).getEpochSecond(),
          b.validBefore().getEpochSecond(),
          1.0);
      // the cert is valid at the injected time
      parse(b.certPem()).checkValidity(Date.from(clock.instant()));
    }
  }

  @Test
  void leafTtlBelowOneHourIsRejectedOutsideDevMode() {
    var e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> ServerConfig.builder().leafCertTtl(Duration.ofMinutes(30)).build());
    assertTrue(
        e.getMessage().contains("-leaf-cert-ttl") && e.getMessage().contains("1h")
            || e.getMessage().contains("PT1H"),
        e.getMessage());
    ServerConfig.builder().dev(true).leafCertTtl(Duration.ofSeconds(5)).build();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
