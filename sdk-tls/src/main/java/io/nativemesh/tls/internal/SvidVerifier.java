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

import io.nativemesh.core.InvalidSpiffeIdException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.CertificateRejectedException;
import io.nativemesh.tls.CertificateRejectedException.Reason;
import io.nativemesh.tls.TrustBundle;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * X.509-SVID checks: the leaf profile (exactly one URI SAN that is a SPIFFE service ID, not a CA,
 * extended key usage by direction), validity, and PKIX path validation against the trusted roots
 * with intermediates taken from the presented chain (remembered per chain and trust bundle by
 * {@link ValidatedChains}). No hostname check. Thread-safe.
 */
public final class SvidVerifier {
  /** id-kp-serverAuth. */
  public static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  /** id-kp-clientAuth. */
  public static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private static final ThreadLocal<CertPathValidator> VALIDATOR =
      ThreadLocal.withInitial(
          () -> {
            try {
              return CertPathValidator.getInstance("PKIX");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the JDK has no PKIX CertPathValidator", e);
            }
          });
  private static final ThreadLocal<CertificateFactory> FACTORY =
      ThreadLocal.withInitial(
          () -> {
            try {
              return CertificateFactory.getInstance("X.509");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
            }
          });

  private SvidVerifier() {}

  /**
   * Verifies a presented chain.
   *
   * @param chain leaf first, then intermediates (a trailing root is tolerated)
   * @param trust trusted roots
   * @param requiredEku {@link #EKU_CLIENT_AUTH} (server side) or {@link #EKU_SERVER_AUTH} (client
   *     side), or null
   * @param strictTrustDomain if non-null, the leaf must belong to this trust domain
   * @param now the current time
   * @return the leaf's service identity
   * @throws CertificateRejectedException naming the rule and the offending value
   */
  public static ServiceIdentity verify(
      X509Certificate[] chain,
      TrustBundle trust,
      String requiredEku,
      TrustDomain strictTrustDomain,
      Date now)
      throws CertificateRejectedException {
    if (chain == null || chain.length == 0) {
      throw new CertificateRejectedException(Reason.CHAIN_INVALID, "peer presented no certificate");
    }
    X509Certificate leaf = chain[0];
    String serial = CertificateInfo.colonHex(leaf.getSerialNumber());
    List<String> uris = CertificateInfo.uriSans(leaf);
    if (uris.size() != 1) {
      throw new CertificateRejectedException(
          Reason.URI_SAN_COUNT,
          "leaf serial "
              + serial
              + " has "
              + uris.size()
              + " URI SANs "
              + uris
              + ", an X.509-SVID has exactly one");
    }
    ServiceIdentity id;
    try {
      id = SpiffeId.parse(uris.get(0)).asService();
    } catch (InvalidSpiffeIdException e) {
      throw new CertificateRejectedException(
          Reason.INVALID_SPIFFE_ID, e.getMessage() + " (leaf serial " + serial + ")");
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateRejectedException(
          Reason.CA_LEAF, id + " (serial " + serial + ") is a CA certificate, not a leaf");
    }
    if (requiredEku != null) {
      List<String> eku;
      try {
        eku = leaf.getExtendedKeyUsage();
      } catch (CertificateParsingException e) {
        throw new CertificateRejectedException(
            Reason.WRONG_EKU, id + ": unreadable extended key usage", e);
      }
      if (eku != null && !eku.contains(requiredEku)) {
        String need = requiredEku.equals(EKU_CLIENT_AUTH) ? "clientAuth" : "serverAuth";
        throw new CertificateRejectedException(
            Reason.WRONG_EKU, id + " (serial " + serial + ") lacks extended key usage " + need);
      }
    }
    if (strictTrustDomain != null && !strictTrustDomain.equals(id.spiffeId().trustDomain())) {
      throw new CertificateRejectedException(
          Reason.WRONG_TRUST_DOMAIN, id + " is not in trust domain " + strictTrustDomain);
    }
    try {
      leaf.checkValidity(now);
    } catch (CertificateExpiredException e) {
      throw new CertificateRejectedException(
          Reason.EXPIRED,
          id + " (serial " + serial + ") expired at " + leaf.getNotAfter().toInstant(),
          e);
    } catch (CertificateNotYetValidException e) {
      throw new CertificateRejectedException(
          Reason.NOT_YET_VALID,
          id + " (serial " + serial + ") is not valid before " + leaf.getNotBefore().toInstant(),
          e);
    }
    ValidatedChains.validate(chain, trust, now, id + " (serial " + serial + ")");
    return id;
  }

  /**
   * PKIX path validation only. The path is the chain up to (excluding) the first certificate that
   * stands for a trusted root: the root itself, or any certificate with a trusted root's subject
   * and public key, such as the cross-signed copy of the new root that leaves carry after a CA
   * rotation (docs/consul-api.md, "Root rotation and cross-signing"). PKIX identifies a trust
   * anchor by exactly that name and key (RFC 5280, 6.1.1 (d)), so ending the path there loses no
   * check; without it, such a leaf would stop validating once the old root that issued the
   * cross-signed copy is pruned.
   *
   * @param chain leaf first
   * @param trust trusted roots
   * @param now validation time
   * @param what names the certificate in errors
   * @throws CertificateRejectedException with {@link Reason#CHAIN_INVALID}, {@link Reason#EXPIRED}
   *     or {@link Reason#NOT_YET_VALID}
   */
  public static void validatePath(X509Certificate[] chain, TrustBundle trust, Date now, String what)
      throws CertificateRejectedException {
    List<X509Certificate> path = new ArrayList<>(chain.length);
    for (X509Certificate c : chain) {
      if (isTrustedRoot(c, trust)) {
        break; // the path ends at a trust anchor; what follows it is not part of the path
      }
      path.add(c);
    }
    if (path.isEmpty()) {
      throw new CertificateRejectedException(
          Reason.CHAIN_INVALID, what + ": the chain holds only a root");
    }
    try {
      CertPath cp = FACTORY.get().generateCertPath(path);
      var params = (PKIXParameters) trust.pkixParameters().clone();
      params.setDate(now);
      VALIDATOR.get().validate(cp, params);
    } catch (CertPathValidatorException e) {
      if (e.getReason() == BasicReason.EXPIRED) {
        throw new CertificateRejectedException(
            Reason.EXPIRED, what + ": a certificate in the chain expired: " + e.getMessage(), e);
      }
      if (e.getReason() == BasicReason.NOT_YET_VALID) {
        throw new CertificateRejectedException(
            Reason.NOT_YET_VALID, what + ": a certificate in the chain is not yet valid", e);
      }
      throw new CertificateRejectedException(
          Reason.CHAIN_INVALID,
          what
              + " does not chain to any of the "
              + trust.roots().size()
              + " trusted roots of "
              + trust.trustDomain()
              + ": "
              + e.getMessage(),
          e);
    } catch (GeneralSecurityException e) {
      throw new CertificateRejectedException(Reason.CHAIN_INVALID, what + ": " + e.getMessage(), e);
    }
  }

  /** The root itself, or a certificate with a trusted root's subject and public key. */
  private static boolean isTrustedRoot(X509Certificate c, TrustBundle trust) {
    for (X509Certificate r : trust.roots()) {
      if (r.equals(c)
          || (r.getSubjectX500Principal().equals(c.getSubjectX500Principal())
              && r.getPublicKey().equals(c.getPublicKey()))) {
        return true;
      }
    }
    return false;
  }
}
