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
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Parses operator-supplied CA key material ({@code Config.PrivateKey} and {@code Config.RootCert}
 * of {@code PUT /v1/connect/ca/configuration}). Only EC P-256 keys are accepted (SEC1 {@code EC
 * PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY} PEM), matching this server's signer. Stateless and
 * thread-safe.
 */
public final class KeyMaterial {
  private KeyMaterial() {}

  /**
   * @param pem a PEM private key
   * @return the key pair (the public key derived from the private one when the PEM lacks it)
   * @throws IllegalArgumentException with a user-facing reason when the PEM is not an EC P-256 key
   */
  public static KeyPair parseEcKeyPair(String pem) {
    Object parsed;
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      parsed = p.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "PrivateKey is not a valid PEM private key: " + e.getMessage());
    }
    JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
    try {
      if (parsed instanceof PEMKeyPair kp) {
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(
            kp.getPrivateKeyInfo().getPrivateKeyAlgorithm().getAlgorithm())) {
          throw new IllegalArgumentException(
              "PrivateKey: only EC P-256 keys are supported by this server (PrivateKeyType ec, 256 bits)");
        }
        KeyPair pair = conv.getKeyPair(kp);
        requireP256(pair.getPrivate());
        return pair;
      }
      if (parsed instanceof PrivateKeyInfo info) {
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(
            info.getPrivateKeyAlgorithm().getAlgorithm())) {
          throw new IllegalArgumentException(
              "PrivateKey: only EC P-256 keys are supported by this server (PrivateKeyType ec, 256 bits)");
        }
        PrivateKey key = conv.getPrivateKey(info);
        requireP256(key);
        return new KeyPair(publicFromPrivate((ECPrivateKey) key), key);
      }
    } catch (PEMException e) {
      throw new IllegalArgumentException("PrivateKey cannot be decoded: " + e.getMessage());
    }
    throw new IllegalArgumentException(
        "PrivateKey must be a PEM 'EC PRIVATE KEY' or 'PRIVATE KEY' block");
  }

  /**
   * @param pem one PEM certificate
   * @return the certificate
   * @throws IllegalArgumentException when it does not parse
   */
  public static X509Certificate parseCertificate(String pem) {
    try {
      return X509Factory.parseCertificate(pem);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("RootCert is not a valid PEM certificate");
    }
  }

  private static void requireP256(PrivateKey key) {
    if (!(key instanceof ECPrivateKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException(
          "PrivateKey: only EC P-256 keys are supported by this server (PrivateKeyType ec, 256 bits)");
    }
  }

  private static PublicKey publicFromPrivate(ECPrivateKey key) {
    var curve = CustomNamedCurves.getByName("secp256r1");
    BigInteger d = key.getS();
    var q = new FixedPointCombMultiplier().multiply(curve.getG(), d).normalize();
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(
              new ECPublicKeySpec(
                  new ECPoint(
                      q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                  key.getParams()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive EC public key", e);
    }
  }
}
