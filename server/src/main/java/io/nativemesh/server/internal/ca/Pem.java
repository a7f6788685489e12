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

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM encoding of certificates and EC and RSA private keys, written by Bouncy Castle's {@link
 * PemWriter} the way Go's {@code encoding/pem} writes it (what Consul serves): 64 base64 characters
 * per line, every line ending in {@code '\n'} whatever the platform, a trailing newline. Stateless
 * and thread-safe.
 */
public final class Pem {
  private Pem() {}

  /**
   * @param der a certificate's DER encoding
   * @return {@code -----BEGIN CERTIFICATE-----} PEM, newline-terminated
   */
  public static String certificate(byte[] der) {
    return encode("CERTIFICATE", der);
  }

  /**
   * @param cert a certificate
   * @return {@code -----BEGIN CERTIFICATE-----} PEM, newline-terminated
   * @throws IllegalStateException if the certificate cannot be encoded
   */
  public static String certificate(X509Certificate cert) {
    try {
      return encode("CERTIFICATE", cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(
          "cannot encode certificate " + cert.getSubjectX500Principal(), e);
    }
  }

  /**
   * Consul API: {@code PrivateKeyPEM} is SEC1 ({@code -----BEGIN EC PRIVATE KEY-----}, RFC 5915)
   * with the named curve and the public key included, as Go's {@code x509.MarshalECPrivateKey}
   * writes it.
   *
   * @param keyPair a P-256 key pair
   * @return the SEC1 PEM, newline-terminated
   * @throws IllegalArgumentException if the key is not a P-256 EC key
   */
  public static String ecPrivateKey(KeyPair keyPair) {
    if (!(keyPair.getPrivate() instanceof ECPrivateKey priv)
        || priv.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException(
          "not an EC P-256 key: " + keyPair.getPrivate().getAlgorithm());
    }
    try {
      byte[] publicPoint =
          SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded())
              .getPublicKeyData()
              .getBytes();
      // FQN: clashes with java.security.interfaces.ECPrivateKey
      org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
          new org.bouncycastle.asn1.sec.ECPrivateKey(
              256, priv.getS(), new DERBitString(publicPoint), SECObjectIdentifiers.secp256r1);
      return encode("EC PRIVATE KEY", sec1.getEncoded("DER"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode EC private key", e);
    }
  }

  /**
   * Consul API: {@code PrivateKeyPEM} of a leaf in the configured key type — SEC1 for EC (see
   * {@link #ecPrivateKey}), PKCS#1 ({@code -----BEGIN RSA PRIVATE KEY-----}, RFC 8017 appendix
   * A.1.2) for RSA, as Go's {@code x509.MarshalPKCS1PrivateKey} writes it.
   *
   * @param keyPair an EC P-256 or RSA key pair
   * @return the PEM, newline-terminated
   * @throws IllegalArgumentException for another key type
   */
  public static String privateKey(KeyPair keyPair) {
    if (!"RSA".equals(keyPair.getPrivate().getAlgorithm())) {
      return ecPrivateKey(keyPair);
    }
    try {
      byte[] pkcs1 =
          PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded())
              .parsePrivateKey()
              .toASN1Primitive()
              .getEncoded("DER");
      return encode("RSA PRIVATE KEY", pkcs1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode RSA private key", e);
    }
  }

  private static String encode(String type, byte[] der) {
    StringWriter out = new StringWriter();
    try (PemWriter w = new GoPemWriter(out)) {
      w.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + type + " PEM", e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /**
   * Bouncy Castle ends lines with the platform's separator; Go's {@code encoding/pem} with {@code
   * '\n'}.
   */
  private static final class GoPemWriter extends PemWriter {
    GoPemWriter(Writer out) {
      super(out);
    }

    @Override
    public void newLine() throws IOException {
      write('\n');
    }
  }
}
