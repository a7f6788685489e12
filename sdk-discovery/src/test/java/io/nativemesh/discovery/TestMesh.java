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

import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.Intention;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TrustBundle;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A mesh CA for discovery tests: one EC P-256 root in trust domain {@link #TD} and mesh states
 * (leaf, key, trust, intentions) for any service in datacenter {@code dc1}.
 */
public final class TestMesh {
  /** The trust domain of every certificate minted here. */
  public static final String TD = "22222222-3333-4444-5555-666666666666.consul";

  private static final AtomicLong SERIALS = new AtomicLong(1_000);

  private final KeyPair rootKey;
  private final X509Certificate root;

  /** Mints a root valid for a day. */
  public TestMesh() {
    rootKey = ecKey();
    root = sign(rootKey.getPublic(), new X500Name("CN=test mesh root"), true, "spiffe://" + TD);
  }

  /**
   * @param service the service
   * @return {@code spiffe://<TD>/ns/default/dc/dc1/svc/<service>}
   */
  public static String uri(String service) {
    return uri("default", service);
  }

  /**
   * @param namespace the namespace
   * @param service the service
   * @return the SPIFFE ID of {@code service} in {@code namespace}, datacenter {@code dc1}
   */
  public static String uri(String namespace, String service) {
    return "spiffe://" + TD + "/ns/" + namespace + "/dc/dc1/svc/" + service;
  }

  /**
   * @param source source service or {@code *}
   * @param destination destination service
   * @param action {@code allow} or {@code deny}
   * @return an L4 intention
   */
  public static Intention intention(String source, String destination, String action) {
    return new Intention(
        null,
        null,
        "default",
        source,
        "default",
        destination,
        "consul",
        action,
        null,
        null,
        0,
        null,
        null,
        0,
        0);
  }

  /**
   * @param spiffeUri the leaf's one URI SAN
   * @param intentions intentions where the leaf's service is the destination
   * @param defaultAllow the default intention decision
   * @return a store holding generation 1 of that identity
   */
  public MeshStateStore store(String spiffeUri, List<Intention> intentions, boolean defaultAllow) {
    MeshStateStore store = new MeshStateStore();
    store.publish(state(1, spiffeUri, intentions, defaultAllow));
    return store;
  }

  /**
   * @param generation the state's generation
   * @param spiffeUri the leaf's one URI SAN
   * @param intentions intentions where the leaf's service is the destination
   * @param defaultAllow the default intention decision
   * @return a state with a freshly minted leaf
   */
  public MeshState state(
      long generation, String spiffeUri, List<Intention> intentions, boolean defaultAllow) {
    Instant now = Instant.now();
    return state(
        generation,
        spiffeUri,
        intentions,
        defaultAllow,
        now.minusSeconds(60),
        now.plus(Duration.ofDays(1)));
  }

  /**
   * A store whose leaf expired a day ago (forged-certificate tests).
   *
   * @param spiffeUri the leaf's one URI SAN
   * @return the store
   */
  public MeshStateStore expiredStore(String spiffeUri) {
    Instant now = Instant.now();
    MeshStateStore store = new MeshStateStore();
    store.publish(
        state(
            1,
            spiffeUri,
            List.of(),
            true,
            now.minus(Duration.ofDays(2)),
            now.minus(Duration.ofDays(1))));
    return store;
  }

  private MeshState state(
      long generation,
      String spiffeUri,
      List<Intention> intentions,
      boolean defaultAllow,
      Instant notBefore,
      Instant notAfter) {
    KeyPair key = ecKey();
    X509Certificate leaf =
        sign(key.getPublic(), new X500Name("CN=leaf"), false, spiffeUri, notBefore, notAfter);
    var id = SpiffeId.parse(spiffeUri).asService();
    return new MeshState(
        generation,
        id,
        new X509Certificate[] {leaf},
        key.getPrivate(),
        TrustBundle.of(TrustDomain.parse(TD), List.of(root)),
        new IntentionMatcher(id.service(), intentions, defaultAllow));
  }

  private static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate sign(PublicKey subjectKey, X500Name subject, boolean ca, String uriSan) {
    Instant now = Instant.now();
    return sign(
        subjectKey, subject, ca, uriSan, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
  }

  private X509Certificate sign(
      PublicKey subjectKey,
      X500Name subject,
      boolean ca,
      String uriSan,
      Instant notBefore,
      Instant notAfter) {
    X500Name issuer = ca ? subject : new X500Name(root.getSubjectX500Principal().getName());
    var b =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(SERIALS.incrementAndGet()),
            Date.from(notBefore),
            Date.from(notAfter),
            subject,
            subjectKey);
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              ca
                  ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature
                  : KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
      if (!ca) {
        b.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
      }
      b.addExtension(
          Extension.subjectAlternativeName,
          !ca,
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uriSan)));
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (CertIOException | OperatorCreationException | CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
