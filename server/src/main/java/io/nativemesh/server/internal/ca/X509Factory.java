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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds the CA's X.509 certificates. Bouncy Castle is used only to assemble the ASN.1 structures;
 * keys, digests and signatures come from the JDK's default providers (no BC provider is ever
 * registered). Stateless and thread-safe.
 */
public final class X509Factory {
  private X509Factory() {}

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Consul API: leaf and built-in root keys are EC P-256.
   *
   * @return a fresh P-256 key pair
   * @throws IllegalStateException if the JDK lacks EC support
   */
  public static KeyPair newEcKeyPair() {
    return EC_GENERATOR.get().generateKeyPair();
  }

  /**
   * Consul API: {@code PrivateKeyType} {@code ec} (256 bits) or {@code rsa} (2048 or 4096 bits),
   * the key type of generated roots and of leaves. RSA keys come from the JDK's {@code
   * KeyPairGenerator} ("RSA", public exponent 65537).
   *
   * @param type {@code ec} or {@code rsa}
   * @param bits 256 for {@code ec}; 2048 or 4096 for {@code rsa}
   * @return a fresh key pair
   * @throws IllegalArgumentException for another type or size
   */
  public static KeyPair newKeyPair(String type, int bits) {
    if ("ec".equals(type) && bits == 256) {
      return newEcKeyPair();
    }
    if ("rsa".equals(type) && (bits == 2048 || bits == 4096)) {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, RANDOM);
        return g.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA key generation is not available in this JDK", e);
      }
    }
    throw new IllegalArgumentException("unsupported key type " + type + " with " + bits + " bits");
  }

  /**
   * @param key a CA signing key
   * @return {@code SHA256withECDSA} for an EC key, {@code SHA256withRSA} for an RSA key (Consul
   *     signs with the issuer key's type and SHA-256)
   * @throws IllegalArgumentException for another algorithm
   */
  public static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default ->
          throw new IllegalArgumentException("unsupported CA key algorithm " + key.getAlgorithm());
    };
  }

  // one initialized generator per thread: getInstance + initialize cost more than reusing one, and
  // a KeyPairGenerator is not thread-safe
  private static final ThreadLocal<KeyPairGenerator> EC_GENERATOR =
      ThreadLocal.withInitial(
          () -> {
            try {
              // keys and signatures come from the JDK (SunEC); Bouncy Castle only builds the ASN.1
              KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
              g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
              return g;
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException(
                  "EC P-256 key generation is not available in this JDK", e);
            }
          });

  /**
   * RFC 5280 (https://www.rfc-editor.org/rfc/rfc5280), section 4.2.1.2, method 1: SHA-1 of the
   * subjectPublicKey bit string.
   *
   * @param key a public key
   * @return the 20-byte key identifier
   */
  public static byte[] keyId(PublicKey key) {
    try {
      byte[] bits =
          SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
      return MessageDigest.getInstance("SHA-1").digest(bits);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  /**
   * @param cert a certificate
   * @return the SHA-1 fingerprint of its DER encoding (Consul API: {@code CARoot.ID})
   */
  public static byte[] sha1Fingerprint(X509Certificate cert) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(cert.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint certificate", e);
    }
  }

  /**
   * A self-signed CA root (Consul: built-in provider root): CA:true, KeyUsage
   * CertSign|CRLSign|DigitalSignature, URI SAN = the trust domain, SKI = AKI.
   *
   * @param keyPair the root key pair
   * @param commonName subject CN
   * @param trustDomainUri {@code spiffe://<td>}
   * @param serial serial number
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @return the certificate
   */
  public static X509Certificate selfSignedRoot(
      KeyPair keyPair,
      String commonName,
      String trustDomainUri,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter) {
    X500Name subject = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(commonName))});
    byte[] ski = keyId(keyPair.getPublic());
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              serial,
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              keyPair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, trustDomainUri)));
      b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(ski));
      b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ski));
      return sign(b, keyPair.getPrivate());
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot build root certificate", e);
    }
  }

  /**
   * Consul's {@code CrossSignCA} of the built-in provider (docs/consul-api.md, "Root rotation and
   * cross-signing"): the new root re-signed by the old root's key — same subject, public key, SAN
   * and CA extensions as the new root, issuer = the old root's subject, AKI = the old root's key
   * ID, a fresh serial, validity {@code notBefore} … {@code notAfter} (Consul: now − 1 min … now +
   * 7 days). A peer that trusts only the old root verifies new leaves through it.
   *
   * @param newRoot the new self-signed root
   * @param oldRoot the outgoing root
   * @param oldKey the outgoing root's private key
   * @param serial the cross-signed certificate's serial
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @return the cross-signed certificate
   */
  public static X509Certificate crossSign(
      X509Certificate newRoot,
      X509Certificate oldRoot,
      PrivateKey oldKey,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter) {
    X500Name subject = X500Name.getInstance(newRoot.getSubjectX500Principal().getEncoded());
    X500Name issuer = X500Name.getInstance(oldRoot.getSubjectX500Principal().getEncoded());
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              serial,
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              newRoot.getPublicKey());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      byte[] san = newRoot.getExtensionValue(Extension.subjectAlternativeName.getId());
      if (san != null) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            GeneralNames.getInstance(ASN1OctetString.getInstance(san).getOctets()));
      }
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new SubjectKeyIdentifier(keyId(newRoot.getPublicKey())));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new AuthorityKeyIdentifier(keyId(oldRoot.getPublicKey())));
      return sign(b, oldKey);
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot build cross-signed certificate", e);
    }
  }

  /**
   * What signing a leaf needs of the issuing certificate, derived once per signing root instead of
   * per leaf. Immutable and thread-safe.
   *
   * @param name the issuer's subject, the leaves' issuer name
   * @param keyId the issuer's key identifier, the leaves' authority key identifier
   * @param key the issuer's signing key
   */
  public record LeafIssuer(X500Name name, byte[] keyId, PrivateKey key) {
    /**
     * @param cert the signing certificate
     * @param key its private key
     * @return the issuer
     */
    public static LeafIssuer of(X509Certificate cert, PrivateKey key) {
      return new LeafIssuer(
          X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()),
          X509Factory.keyId(cert.getPublicKey()),
          key);
    }
  }

  /**
   * A Connect leaf (Consul: {@code agent/connect/ca/provider_consul.go} Sign): empty subject,
   * exactly one critical URI SAN, KeyUsage
   * DigitalSignature|KeyEncipherment|DataEncipherment|KeyAgreement, EKU clientAuth+serverAuth,
   * CA:false, AKI = issuer key ID, SKI = leaf key ID, signed with SHA-256 and the issuer key's
   * algorithm (ECDSA or RSA).
   *
   * @param issuer the signing certificate's name, key ID and key
   * @param leafKey the leaf's public key
   * @param spiffeUri the leaf's SPIFFE ID
   * @param serial serial number
   * @param notBefore start of validity (whole seconds: X.509 times have no fraction)
   * @param notAfter end of validity (whole seconds)
   * @return the certificate's DER encoding (not parsed back: the caller only needs the bytes)
   */
  public static byte[] leaf(
      LeafIssuer issuer,
      PublicKey leafKey,
      String spiffeUri,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter) {
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer.name(),
              serial,
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name(new RDN[0]),
              leafKey);
      b.addExtension(
          Extension.subjectAlternativeName,
          true,
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeUri)));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              KeyUsage.digitalSignature
                  | KeyUsage.keyEncipherment
                  | KeyUsage.dataEncipherment
                  | KeyUsage.keyAgreement));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuer.keyId()));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId(leafKey)));
      ContentSigner signer =
          new JcaContentSignerBuilder(signatureAlgorithm(issuer.key()))
              .setSecureRandom(RANDOM)
              .build(issuer.key());
      return b.build(signer).getEncoded();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build leaf certificate for " + spiffeUri, e);
    }
  }

  /**
   * Reads a stored CA signing key. The algorithm comes from the PKCS#8 structure itself, so keys
   * written before RSA support (always EC) read as before (docs/server-state-format.md).
   *
   * @param pkcs8 a PKCS#8 DER EC or RSA private key
   * @return the key
   * @throws IllegalStateException if the bytes are not an EC or RSA key
   */
  public static PrivateKey privateKey(byte[] pkcs8) {
    try {
      var oid = PrivateKeyInfo.getInstance(pkcs8).getPrivateKeyAlgorithm().getAlgorithm();
      String alg;
      if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
        alg = "EC";
      } else if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
        alg = "RSA";
      } else {
        throw new IllegalStateException("stored CA signing key has unsupported algorithm " + oid);
      }
      return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("stored CA signing key is not a valid EC or RSA key", e);
    }
  }

  /**
   * @param pem one PEM certificate
   * @return the parsed certificate
   * @throws IllegalStateException if the PEM is not a certificate
   */
  public static X509Certificate parseCertificate(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored CA certificate cannot be parsed", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) {
    String algorithm = signatureAlgorithm(key);
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder(algorithm).setSecureRandom(RANDOM).build(key);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign certificate with " + algorithm, e);
    }
  }
}
