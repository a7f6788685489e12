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
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
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
 * of {@code PUT /v1/connect/ca/configuration}). EC P-256 keys (SEC1 {@code EC PRIVATE KEY} or
 * PKCS#8 {@code PRIVATE KEY} PEM) and RSA keys of 2048 or 4096 bits (PKCS#1 {@code RSA PRIVATE KEY}
 * or PKCS#8 PEM) are accepted, the key types this server's signer supports (Consul: {@code
 * PrivateKeyType} {@code ec}/{@code rsa}). Stateless and thread-safe.
 */
public final class KeyMaterial {
  private static final String SUPPORTED =
      "only EC P-256 and RSA 2048/4096-bit keys are supported by this server";

  private KeyMaterial() {}

  /**
   * @param pem a PEM private key
   * @return the key pair (the public key derived from the private one when the PEM lacks it)
   * @throws IllegalArgumentException with a user-facing reason when the PEM is not an EC P-256 or
   *     RSA 2048/4096 key
   */
  public static KeyPair parseKeyPair(String pem) {
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
        requireSupportedAlgorithm(kp.getPrivateKeyInfo());
        KeyPair pair = conv.getKeyPair(kp);
        requireSupportedSize(pair.getPrivate());
        return pair;
      }
      if (parsed instanceof PrivateKeyInfo info) {
        requireSupportedAlgorithm(info);
        PrivateKey key = conv.getPrivateKey(info);
        requireSupportedSize(key);
        return new KeyPair(publicFromPrivate(key), key);
      }
    } catch (PEMException e) {
      throw new IllegalArgumentException("PrivateKey cannot be decoded: " + e.getMessage());
    }
    throw new IllegalArgumentException(
        "PrivateKey must be a PEM 'EC PRIVATE KEY', 'RSA PRIVATE KEY' or 'PRIVATE KEY' block");
  }

  /**
   * @param key a public key of a supported type
   * @return Consul's {@code PrivateKeyType} for it: {@code ec} or {@code rsa}
   */
  public static String keyType(PublicKey key) {
    return key instanceof RSAPublicKey ? "rsa" : "ec";
  }

  /**
   * @param key a public key of a supported type
   * @return Consul's {@code PrivateKeyBits} for it: the RSA modulus size or the EC field size
   */
  public static int keyBits(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength();
    }
    if (key instanceof ECPublicKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize();
    }
    throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
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

  private static void requireSupportedAlgorithm(PrivateKeyInfo info) {
    var oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(oid)
        && !PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
      throw new IllegalArgumentException("PrivateKey: " + SUPPORTED);
    }
  }

  private static void requireSupportedSize(PrivateKey key) {
    boolean ok =
        key instanceof ECPrivateKey ec
            ? ec.getParams().getCurve().getField().getFieldSize() == 256
            : key instanceof RSAPrivateKey rsa
                && (rsa.getModulus().bitLength() == 2048 || rsa.getModulus().bitLength() == 4096);
    if (!ok) {
      throw new IllegalArgumentException("PrivateKey: " + SUPPORTED);
    }
  }

  private static PublicKey publicFromPrivate(PrivateKey key) {
    try {
      if (key instanceof RSAPrivateCrtKey rsa) {
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      if (!(key instanceof ECPrivateKey ec)) {
        throw new IllegalArgumentException(
            "PrivateKey: an RSA key must carry its public exponent (CRT form)");
      }
      var curve = CustomNamedCurves.getByName("secp256r1");
      BigInteger d = ec.getS();
      var q = new FixedPointCombMultiplier().multiply(curve.getG(), d).normalize();
      return KeyFactory.getInstance("EC")
          .generatePublic(
              new ECPublicKeySpec(
                  new ECPoint(
                      q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                  ec.getParams()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the public key", e);
    }
  }
}
