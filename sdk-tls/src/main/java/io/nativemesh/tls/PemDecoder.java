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

import io.nativemesh.core.MeshException;
import io.nativemesh.tls.internal.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decodes the PEM texts a Consul agent hands out (Consul API: {@code CertPEM}, {@code
 * PrivateKeyPEM} and {@code RootCert} of {@code /v1/agent/connect/ca/leaf/<service>} and {@code
 * /v1/agent/connect/ca/roots}) and PEM files such as a CA bundle given with {@code -ca-file}. The
 * parsing is Bouncy Castle's {@code PEMParser}; certificate and key objects are the JDK's. For
 * tools and tests built on the SDK (the CLI, the testkit) that read the same PEM the SDK reads.
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class PemDecoder {
  private PemDecoder() {}

  /**
   * Decodes every certificate ({@code CERTIFICATE} block) in a PEM text, in order, dropping exact
   * duplicates (Consul issue #7018: {@code CertPEM} may repeat intermediates); other blocks are
   * skipped.
   *
   * @param pem PEM text; null reads as empty
   * @return the certificates, at least one, leaf (or first) first
   * @throws MeshException if the text holds no certificate or a malformed one
   */
  public static List<X509Certificate> certificates(String pem) {
    return Pem.certificates(pem);
  }

  /**
   * Decodes the first private key in a PEM text: SEC1 {@code EC PRIVATE KEY} (what Consul sends),
   * PKCS#8 {@code PRIVATE KEY}, or PKCS#1 {@code RSA PRIVATE KEY}. Encrypted keys are not
   * supported.
   *
   * @param pem PEM text; null reads as empty
   * @return the key
   * @throws MeshException if the text holds no supported key or a malformed one
   */
  public static PrivateKey privateKey(String pem) {
    return Pem.privateKey(pem);
  }

  /**
   * As {@link #privateKey(String)}; a SEC1 key that omits its curve (the optional {@code
   * parameters} field, RFC 5915) takes the curve from {@code certificate}'s public key.
   *
   * @param pem PEM text; null reads as empty
   * @param certificate the certificate the key belongs to, or null
   * @return the key
   * @throws MeshException if the text holds no supported key or a malformed one
   */
  public static PrivateKey privateKey(String pem, X509Certificate certificate) {
    return Pem.privateKey(pem, certificate);
  }
}
