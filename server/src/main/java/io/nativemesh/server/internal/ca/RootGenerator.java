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
package io.nativemesh.server.internal.ca;

import io.nativemesh.core.model.CaRoot;
import io.nativemesh.server.internal.state.CaConfig;
import io.nativemesh.server.internal.state.Command;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generates the built-in CA's roots (Consul: {@code agent/connect/ca/provider_consul.go} {@code
 * GenerateCAChain}) and cross-signed certificates ({@code CrossSignCA}). All randomness happens
 * here, outside the state machine; the results are commands the state machine applies
 * deterministically. Thread-safe.
 */
public final class RootGenerator {
  /** Consul's default {@code RootCertTTL}: 87600h (10 years). */
  public static final Duration ROOT_TTL = CaConfig.DEFAULT_ROOT_TTL;

  /** Consul: a cross-signed certificate is valid for 7 days. */
  public static final Duration CROSS_SIGN_TTL = Duration.ofDays(7);

  private static final String ALPHANUM = "abcdefghijklmnopqrstuvwxyz0123456789";

  private RootGenerator() {}

  /**
   * A root with its key.
   *
   * @param root the wire form ({@code Active}, indexes 0, no intermediates)
   * @param cert the certificate
   * @param keyPair the key pair
   */
  public record Generated(CaRoot root, X509Certificate cert, KeyPair keyPair) {
    /** Never prints the key. */
    @Override
    public String toString() {
      return "Generated[" + root.id() + "]";
    }
  }

  /**
   * @param now the current time (validity starts one minute earlier, as in Consul)
   * @param random randomness for the cluster ID, serial and CN suffix
   * @param config the initial CA configuration (TTLs; an operator key/root when set)
   * @return the bootstrap command: cluster ID, the root ({@code Active}, indexes 0) and its PKCS#8
   *     key
   * @throws IllegalArgumentException if the configured key or root is unusable
   */
  public static Command.BootstrapCa generate(Instant now, RandomGenerator random, CaConfig config) {
    String clusterId = randomUuid(random);
    Generated g = root(clusterId, now, random, config);
    return new Command.BootstrapCa(
        clusterId, g.root(), g.keyPair().getPrivate().getEncoded(), config);
  }

  /**
   * A new root for an existing cluster: generated from {@code config.privateKeyPem()} and {@code
   * config.rootCertPem()} when set, otherwise with a fresh EC P-256 key.
   *
   * @param clusterId the cluster ID
   * @param now the current time
   * @param random randomness for the serial and CN suffix
   * @param config the configuration
   * @return the root
   * @throws IllegalArgumentException if the configured key or root is unusable
   */
  public static Generated root(
      String clusterId, Instant now, RandomGenerator random, CaConfig config) {
    KeyPair kp =
        config.privateKeyPem() == null
            ? X509Factory.newKeyPair(config.privateKeyType(), config.privateKeyBits())
            : KeyMaterial.parseKeyPair(config.privateKeyPem());
    X509Certificate cert;
    if (config.rootCertPem() != null) {
      cert = KeyMaterial.parseCertificate(config.rootCertPem());
      if (!cert.getPublicKey().equals(kp.getPublic())) {
        throw new IllegalArgumentException("RootCert does not match PrivateKey");
      }
      if (cert.getBasicConstraints() < 0) {
        throw new IllegalArgumentException("RootCert is not a CA certificate");
      }
    } else {
      String trustDomain = clusterId + ".consul";
      StringBuilder uid = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        uid.append(ALPHANUM.charAt(random.nextInt(ALPHANUM.length())));
      }
      String cn =
          "pri-"
              + uid
              + ".consul.ca."
              + trustDomain.substring(0, 8).toLowerCase(Locale.ROOT)
              + ".consul";
      long serial = random.nextLong(1, Long.MAX_VALUE);
      Instant notBefore = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
      Instant notAfter = now.plus(config.rootCertTtl()).truncatedTo(ChronoUnit.SECONDS);
      cert =
          X509Factory.selfSignedRoot(
              kp, cn, "spiffe://" + trustDomain, BigInteger.valueOf(serial), notBefore, notAfter);
    }
    CaRoot root =
        new CaRoot(
            ColonHex.of(X509Factory.sha1Fingerprint(cert)),
            "Consul CA Primary Cert",
            cert.getSerialNumber().longValue(),
            ColonHex.of(X509Factory.keyId(kp.getPublic())),
            clusterId,
            cert.getNotBefore().toInstant(),
            cert.getNotAfter().toInstant(),
            Pem.certificate(cert),
            null,
            true,
            KeyMaterial.keyType(kp.getPublic()),
            KeyMaterial.keyBits(kp.getPublic()),
            0,
            0);
    return new Generated(root, cert, kp);
  }

  /**
   * Cross-signs {@code next} with the outgoing root's key and returns {@code next} with the
   * cross-signed certificate first in its {@code IntermediateCerts} (docs/consul-api.md, "Root
   * rotation and cross-signing").
   *
   * @param next the new root
   * @param oldRootPem the outgoing root's certificate
   * @param oldKeyPkcs8 the outgoing root's key, PKCS#8 DER
   * @param now the current time
   * @param random randomness for the serial
   * @return the new root with the cross-signed certificate as its first intermediate
   */
  public static CaRoot withCrossSigned(
      Generated next, String oldRootPem, byte[] oldKeyPkcs8, Instant now, RandomGenerator random) {
    X509Certificate oldRoot = X509Factory.parseCertificate(oldRootPem);
    Instant notBefore = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = now.plus(CROSS_SIGN_TTL).truncatedTo(ChronoUnit.SECONDS);
    if (notAfter.isAfter(oldRoot.getNotAfter().toInstant())) {
      notAfter = oldRoot.getNotAfter().toInstant();
    }
    X509Certificate cross =
        X509Factory.crossSign(
            next.cert(),
            oldRoot,
            X509Factory.privateKey(oldKeyPkcs8),
            BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE)),
            notBefore,
            notAfter);
    CaRoot r = next.root();
    return new CaRoot(
        r.id(),
        r.name(),
        r.serialNumber(),
        r.signingKeyId(),
        r.externalTrustDomain(),
        r.notBefore(),
        r.notAfter(),
        r.rootCert(),
        List.of(Pem.certificate(cross)),
        true,
        r.privateKeyType(),
        r.privateKeyBits(),
        0,
        0);
  }

  /**
   * @param random the random source
   * @return a version-4 (random) UUID string
   */
  public static String randomUuid(RandomGenerator random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
