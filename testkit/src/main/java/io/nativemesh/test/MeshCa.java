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
package io.nativemesh.test;

import io.nativemesh.core.MeshException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key of the server's first CA root, held by the test: the testkit hands it to the companion
 * server ({@code connect.ca_config.private_key}), so a test can mint leaves the server never issued
 * — expired ones, ones for any identity — that still chain to the served root. After a CA root
 * rotation the server signs with a new key; leaves minted here then chain to the previous root,
 * which is what a service that missed the rotation presents.
 *
 * <p>Leaves follow the X.509-SVID profile the server issues: EC P-256, one SPIFFE URI SAN, not a
 * CA, digital signature + key agreement, client and server auth. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshCa {
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xFFFFFFFL);

  private final KeyPair key;
  private volatile X509Certificate root;
  private volatile TrustDomain trustDomain;
  private volatile String datacenter;

  private MeshCa(KeyPair key) {
    this.key = key;
  }

  /**
   * @return a CA with a fresh EC P-256 key, not yet bound to a server
   * @throws MeshException if the JDK has no EC key generator
   */
  public static MeshCa generate() {
    return new MeshCa(ecKey());
  }

  static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new MeshException("cannot generate an EC P-256 key: " + e.getMessage(), e);
    }
  }

  /**
   * @return the CA key as PKCS#8 PEM, the form {@code connect.ca_config.private_key} takes
   */
  public String privateKeyPem() {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(new JcaPKCS8Generator(key.getPrivate(), null));
    } catch (IOException e) {
      throw new MeshException("cannot encode the CA key", e);
    }
    return w.toString();
  }

  /** Binds to the root the server built from this key. */
  void bind(X509Certificate root, TrustDomain trustDomain, String datacenter) {
    if (!root.getPublicKey().equals(key.getPublic())) {
      throw new MeshException("the server's first root was not built from the testkit's CA key");
    }
    this.root = root;
    this.trustDomain = trustDomain;
    this.datacenter = datacenter;
  }

  /**
   * @return the root certificate built from this key (the server's first root)
   */
  public X509Certificate root() {
    return root;
  }

  /**
   * @return the trust domain of the server's CA
   */
  public TrustDomain trustDomain() {
    return trustDomain;
  }

  /**
   * @param service a service name
   * @return its identity in this mesh (namespace {@code default}, the server's datacenter)
   */
  public ServiceIdentity identity(String service) {
    return SpiffeId.forService(trustDomain, "default", datacenter, service).asService();
  }

  /**
   * A leaf for {@code service} valid from one minute ago for {@code lifetime}.
   *
   * @param service the identity's service name
   * @param lifetime validity from now
   * @return the leaf
   */
  public TestLeaf leaf(String service, Duration lifetime) {
    Instant now = Instant.now();
    return leaf(service, now.minusSeconds(60), now.plus(lifetime));
  }

  /**
   * A leaf with an explicit validity window: {@code notAfter} in the past gives an expired leaf.
   *
   * @param service the identity's service name
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @return the leaf, signed by this CA's key
   * @throws IllegalStateException if the CA is not bound to a running server yet
   */
  public TestLeaf leaf(String service, Instant notBefore, Instant notAfter) {
    if (root == null) {
      throw new IllegalStateException("MeshCa is not bound to a running server yet");
    }
    ServiceIdentity id = identity(service);
    KeyPair leafKey = ecKey();
    try {
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              root,
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name("CN=" + service),
              leafKey.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          ext.createSubjectKeyIdentifier(leafKey.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root));
      b.addExtension(
          Extension.subjectAlternativeName,
          true,
          new GeneralNames(
              new GeneralName(GeneralName.uniformResourceIdentifier, id.spiffeId().toString())));
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
      return new TestLeaf(id, new X509Certificate[] {cert}, leafKey.getPrivate());
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new MeshException("cannot mint a leaf for " + service + ": " + e.getMessage(), e);
    }
  }
}
