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

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.RDN;
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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A tiny CA for tests: a root and leaves that can break one SVID rule at a time. */
public final class TestCa {
  static final String TD = "11111111-2222-3333-4444-555555555555.consul";
  private static final AtomicLong SERIAL = new AtomicLong(100);

  final KeyPair rootKey;
  final X509Certificate root;

  /** An intermediate CA signed by {@code parent}. */
  TestCa(String cn, TestCa parent) throws Exception {
    rootKey = ecKey();
    Instant now = Instant.now();
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=" + parent.root.getSubjectX500Principal().getName().substring(3)),
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(5))),
            new X500Name("CN=" + cn),
            rootKey.getPublic());
    var ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
    b.addExtension(
        Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(rootKey.getPublic()));
    b.addExtension(
        Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(parent.root));
    root = sign(b, parent.rootKey);
  }

  public TestCa(String cn) throws Exception {
    rootKey = ecKey();
    Instant now = Instant.now();
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=" + cn),
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(10))),
            new X500Name("CN=" + cn),
            rootKey.getPublic());
    var ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
    b.addExtension(
        Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(rootKey.getPublic()));
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://" + TD)));
    root = sign(b, rootKey);
  }

  /**
   * This root's subject and key, issued by {@code oldRoot}: the cross-signed certificate a CA
   * rotation puts in the new root's intermediates.
   */
  X509Certificate crossSignedBy(TestCa oldRoot) throws Exception {
    Instant now = Instant.now();
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name(oldRoot.root.getSubjectX500Principal().getName()),
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(7))),
            new X500Name(root.getSubjectX500Principal().getName()),
            rootKey.getPublic());
    var ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    b.addExtension(
        Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(rootKey.getPublic()));
    b.addExtension(
        Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(oldRoot.root));
    return sign(b, oldRoot.rootKey);
  }

  static KeyPair ecKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static String uri(String service) {
    return "spiffe://" + TD + "/ns/default/dc/dc1/svc/" + service;
  }

  /** Options of a leaf; the defaults make a valid X.509-SVID. */
  static final class Leaf {
    String[] uris;
    String dnsSan;
    Instant notBefore = Instant.now().minusSeconds(60);
    Instant notAfter = Instant.now().plusSeconds(3600);
    boolean ca;
    KeyPurposeId[] eku = {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth};
    KeyPair key;

    Leaf(String... uris) {
      this.uris = uris;
    }
  }

  X509Certificate leaf(Leaf o) throws Exception {
    if (o.key == null) {
      o.key = ecKey();
    }
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=" + root.getSubjectX500Principal().getName().substring(3)),
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(o.notBefore),
            Date.from(o.notAfter),
            new X500Name(new RDN[0]),
            o.key.getPublic());
    var ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(o.ca));
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(o.eku));
    b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root));
    if (o.uris.length > 0 || o.dnsSan != null) {
      GeneralName[] names = new GeneralName[o.uris.length + (o.dnsSan == null ? 0 : 1)];
      for (int i = 0; i < o.uris.length; i++) {
        names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, o.uris[i]);
      }
      if (o.dnsSan != null) {
        names[names.length - 1] = new GeneralName(GeneralName.dNSName, o.dnsSan);
      }
      b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(names));
    }
    return sign(b, rootKey);
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer)
      throws Exception {
    var signerOp = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signerOp));
  }
}
