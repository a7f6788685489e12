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
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.CertificateRejectedException;
import io.nativemesh.tls.CertificateRejectedException.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * A decoded leaf response: chain, key and identity, with the key checked against the certificate.
 *
 * @param chain leaf first, duplicates removed
 * @param key the private key
 * @param identity the leaf's service identity
 * @param source the response it came from
 */
public record LeafMaterial(
    X509Certificate[] chain, PrivateKey key, ServiceIdentity identity, IssuedCert source) {

  /**
   * Decodes and checks a leaf response.
   *
   * @param cert the response
   * @return the material
   * @throws CertificateRejectedException if the PEM is malformed, the URI SAN is not a service ID
   *     or the private key does not belong to the certificate
   */
  public static LeafMaterial decode(IssuedCert cert) throws CertificateRejectedException {
    List<X509Certificate> chain;
    PrivateKey key;
    try {
      chain = Pem.certificates(cert.certPem());
      key = Pem.privateKey(cert.privateKeyPem(), chain.get(0));
    } catch (MeshException e) {
      throw new CertificateRejectedException(
          Reason.CHAIN_INVALID, "leaf " + cert.serialNumber() + ": " + e.getMessage(), e);
    }
    X509Certificate leaf = chain.get(0);
    List<String> uris = CertificateInfo.uriSans(leaf);
    if (uris.size() != 1) {
      throw new CertificateRejectedException(
          Reason.URI_SAN_COUNT, "leaf " + cert.serialNumber() + " has URI SANs " + uris);
    }
    ServiceIdentity id;
    try {
      id = SpiffeId.parse(uris.get(0)).asService();
    } catch (MeshException e) {
      throw new CertificateRejectedException(Reason.INVALID_SPIFFE_ID, e.getMessage(), e);
    }
    if (!keyMatches(cert.privateKeyPem(), key, leaf)) {
      throw new CertificateRejectedException(
          Reason.KEY_MISMATCH,
          "leaf "
              + cert.serialNumber()
              + " ("
              + id
              + "): the private key does not match the certificate's public key");
    }
    return new LeafMaterial(chain.toArray(new X509Certificate[0]), key, id, cert);
  }

  /**
   * Compares public-key encodings when the PEM carries the public key (SEC1 does); otherwise signs
   * a fixed message and verifies it with the certificate's key.
   */
  private static boolean keyMatches(String keyPem, PrivateKey key, X509Certificate leaf) {
    try (PEMParser p = new PEMParser(new StringReader(keyPem))) {
      Object o = p.readObject();
      if (o instanceof PEMKeyPair kp && kp.getPublicKeyInfo() != null) {
        // compare the key bits only: a SEC1 key may omit the curve parameters the certificate
        // carries
        byte[] fromKey = kp.getPublicKeyInfo().getPublicKeyData().getBytes();
        byte[] fromCert =
            SubjectPublicKeyInfo.getInstance(leaf.getPublicKey().getEncoded())
                .getPublicKeyData()
                .getBytes();
        return Arrays.equals(fromKey, fromCert);
      }
    } catch (IOException e) {
      return false;
    }
    try {
      String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
      byte[] msg = "nativemesh key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(msg);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(leaf.getPublicKey());
      v.update(msg);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * @return the leaf certificate
   */
  public X509Certificate leaf() {
    return chain[0];
  }
}
