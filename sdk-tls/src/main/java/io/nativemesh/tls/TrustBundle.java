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
import io.nativemesh.core.TrustDomain;
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.tls.internal.Pem;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The trusted roots: every {@code RootCert} of a {@code /ca/roots} response, active and rotated-out
 * (Consul API: clients trust all roots; intermediates are never anchors). PKIX parameters are built
 * once per bundle, not per handshake. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TrustBundle {
  private final TrustDomain trustDomain;
  private final List<X509Certificate> roots;
  private final X509Certificate activeRoot;
  private final String activeSigningKeyId;
  private final PKIXParameters pkix;

  private TrustBundle(
      TrustDomain trustDomain,
      List<X509Certificate> roots,
      X509Certificate activeRoot,
      String activeSigningKeyId) {
    this.trustDomain = trustDomain;
    this.roots = List.copyOf(roots);
    this.activeRoot = activeRoot;
    this.activeSigningKeyId = activeSigningKeyId;
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate r : roots) {
      anchors.add(new TrustAnchor(r, null));
    }
    try {
      PKIXParameters p = new PKIXParameters(anchors);
      p.setRevocationEnabled(false);
      this.pkix = p;
    } catch (InvalidAlgorithmParameterException e) {
      throw new MeshException("cannot build PKIX parameters from " + roots.size() + " roots", e);
    }
  }

  /**
   * @param caRoots a roots response
   * @return the bundle
   * @throws MeshException if there are no roots or a root PEM is malformed
   */
  public static TrustBundle fromCaRoots(CaRoots caRoots) {
    if (caRoots.roots().isEmpty()) {
      throw new MeshException("CA roots response has no roots (is the CA bootstrapped?)");
    }
    List<X509Certificate> certs = new ArrayList<>();
    X509Certificate active = null;
    String signingKey = null;
    for (CaRoot r : caRoots.roots()) {
      X509Certificate c = Pem.certificates(r.rootCert()).get(0);
      certs.add(c);
      if (r.active()) {
        active = c;
        signingKey = r.signingKeyId();
      }
    }
    return new TrustBundle(TrustDomain.parse(caRoots.trustDomain()), certs, active, signingKey);
  }

  /**
   * @param trustDomain the mesh trust domain
   * @param roots trusted root certificates
   * @return a bundle (for tests and static configurations)
   */
  public static TrustBundle of(TrustDomain trustDomain, List<X509Certificate> roots) {
    return new TrustBundle(trustDomain, roots, roots.isEmpty() ? null : roots.get(0), null);
  }

  /**
   * @return the trust domain the roots response named
   */
  public TrustDomain trustDomain() {
    return trustDomain;
  }

  /**
   * @return every trusted root
   */
  public List<X509Certificate> roots() {
    return roots;
  }

  /**
   * @return the active root, or null if the response marked none active
   */
  public X509Certificate activeRoot() {
    return activeRoot;
  }

  /**
   * @return the active signing key ID (colon-hex), or null if unknown
   */
  public String activeSigningKeyId() {
    return activeSigningKeyId;
  }

  /**
   * @return the shared PKIX parameters (revocation off, current time). Do not modify; clone for
   *     variants.
   */
  public PKIXParameters pkixParameters() {
    return pkix;
  }
}
