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
package io.nativemesh.tls.internal;

import io.nativemesh.core.MeshException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM decoding with Bouncy Castle's parser (ASN.1 only; key objects are built by the JDK's {@code
 * KeyFactory}). Stateless and thread-safe.
 */
public final class Pem {
  private Pem() {}

  /**
   * Decodes every certificate in a PEM text, in order, dropping exact duplicates (Consul issue
   * #7018: {@code CertPEM} may repeat intermediates).
   *
   * @param pem PEM text
   * @return the certificates, at least one
   * @throws MeshException if the text holds no certificate or a malformed one
   */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      Object o;
      while ((o = p.readObject()) != null) {
        if (o instanceof X509CertificateHolder h) {
          X509Certificate c =
              (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(h.getEncoded()));
          boolean dup = out.stream().anyMatch(x -> Arrays.equals(encoded(x), encoded(c)));
          if (!dup) {
            out.add(c);
          }
        }
      }
    } catch (IOException | CertificateException e) {
      throw new MeshException("malformed certificate PEM: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new MeshException("PEM text contains no certificate");
    }
    return out;
  }

  /**
   * Decodes a private key: SEC1 {@code EC PRIVATE KEY} (what Consul sends), PKCS#8 {@code PRIVATE
   * KEY}, or PKCS#1 {@code RSA PRIVATE KEY}.
   *
   * @param pem PEM text
   * @return the key
   * @throws MeshException if there is no supported key in the text
   */
  public static PrivateKey privateKey(String pem) {
    return privateKey(pem, null);
  }

  /**
   * As {@link #privateKey(String)}; a SEC1 key that omits its curve (the optional {@code
   * parameters} field) takes the curve from {@code certificate}'s public key.
   *
   * @param pem PEM text
   * @param certificate the certificate the key belongs to, or null
   * @return the key
   * @throws MeshException if there is no supported key in the text
   */
  public static PrivateKey privateKey(String pem, X509Certificate certificate) {
    try (PEMParser p = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      Object o;
      while ((o = p.readObject()) != null) {
        if (o instanceof PEMKeyPair kp) {
          PrivateKeyInfo info = kp.getPrivateKeyInfo();
          AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
          if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())
              && alg.getParameters() == null
              && certificate != null) {
            AlgorithmIdentifier certAlg =
                SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                    .getAlgorithm();
            info =
                new PrivateKeyInfo(
                    new AlgorithmIdentifier(alg.getAlgorithm(), certAlg.getParameters()),
                    info.parsePrivateKey());
          }
          return conv.getPrivateKey(info);
        }
        if (o instanceof PrivateKeyInfo pki) {
          return conv.getPrivateKey(pki);
        }
      }
    } catch (IOException e) {
      throw new MeshException("malformed private key PEM: " + e.getMessage(), e);
    }
    throw new MeshException(
        "PEM text contains no supported private key (expected EC PRIVATE KEY or PRIVATE KEY)");
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new MeshException("cannot encode certificate", e);
    }
  }
}
