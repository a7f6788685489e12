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

import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.server.internal.state.CaState;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Signs Connect leaf certificates with the active root (Consul: the agent generates the key, the
 * built-in provider signs). Caches the parsed signing key per root. Thread-safe.
 *
 * <p>Validity: {@code NotBefore = now − min(1 min, TTL/10)} rounded down to the second, {@code
 * NotAfter = now + TTL} rounded up to the second. Deviation from Consul ({@code NotBefore = now − 1
 * min}, {@code NotAfter = NotBefore + TTL}): with a TTL of seconds Consul's rule would produce
 * certificates that are expired on arrival; ours keeps at least the full TTL ahead.
 */
public final class LeafSigner {
  private volatile SigningMaterial material;

  private record SigningMaterial(String rootId, X509Factory.LeafIssuer issuer) {}

  /**
   * A freshly signed leaf.
   *
   * @param cert the wire representation
   * @param signingKeyId colon-hex key ID of the certificate that signed it (compared with the
   *     active root's {@code SigningKeyID} on revalidation, Consul PR #6513)
   */
  public record SignedLeaf(IssuedCert cert, String signingKeyId) {
    /** Never prints the private key. */
    @Override
    public String toString() {
      return "SignedLeaf[" + cert + ", signingKeyId=" + signingKeyId + "]";
    }
  }

  /**
   * @param ca the current CA state
   * @param spiffeUri the leaf's SPIFFE ID (validated by the caller)
   * @param service the service name
   * @param serial the reserved serial number
   * @param index the raft-like index of the issuance ({@code CreateIndex} = {@code ModifyIndex})
   * @param now the current time
   * @param ttl the leaf TTL, positive
   * @return the signed leaf with a new key of the configured {@code PrivateKeyType} and {@code
   *     PrivateKeyBits} (EC P-256 by default; RSA 2048/4096)
   */
  public SignedLeaf sign(
      CaState ca,
      String spiffeUri,
      String service,
      long serial,
      long index,
      Instant now,
      Duration ttl) {
    CaRoot root = ca.activeRoot();
    SigningMaterial m = material;
    if (m == null || !m.rootId().equals(root.id())) {
      m =
          new SigningMaterial(
              root.id(),
              X509Factory.LeafIssuer.of(
                  X509Factory.parseCertificate(root.rootCert()),
                  X509Factory.privateKey(ca.activeSigningKeyPkcs8())));
      material = m;
    }
    Duration backdate =
        ttl.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0
            ? ttl.dividedBy(10)
            : Duration.ofMinutes(1);
    Instant notBefore = now.minus(backdate).truncatedTo(ChronoUnit.SECONDS);
    Instant end = now.plus(ttl);
    Instant notAfter = end.truncatedTo(ChronoUnit.SECONDS);
    if (notAfter.isBefore(end)) {
      notAfter = notAfter.plusSeconds(1);
    }
    KeyPair leafKey =
        X509Factory.newKeyPair(ca.config().privateKeyType(), ca.config().privateKeyBits());
    BigInteger sn = BigInteger.valueOf(serial);
    byte[] leaf =
        X509Factory.leaf(m.issuer(), leafKey.getPublic(), spiffeUri, sn, notBefore, notAfter);
    StringBuilder chain = new StringBuilder(Pem.certificate(leaf));
    if (root.intermediateCerts() != null) {
      for (String pem : root.intermediateCerts()) {
        chain.append(pem.endsWith("\n") ? pem : pem + "\n");
      }
    }
    IssuedCert cert =
        new IssuedCert(
            ColonHex.serial(sn),
            chain.toString(),
            Pem.privateKey(leafKey),
            service,
            spiffeUri,
            notBefore,
            notAfter,
            index,
            index);
    return new SignedLeaf(cert, root.signingKeyId());
  }
}
