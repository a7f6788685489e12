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
package io.nativemesh.cli.internal;

import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.PemDecoder;
import io.nativemesh.tls.source.MeshTlsSource;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts about certificates as a person troubleshooting needs them: SPIFFE ID, serial (Consul's
 * colon-hex), validity, which served root signed a leaf (active or previous), and when the SDK's
 * expiry watchdog acts ({@link MeshTlsSource#watchdogDue}: 90 % of the leaf's lifetime and a
 * grace).
 */
public final class ChainFacts {
  private ChainFacts() {}

  /**
   * A served root with its parsed certificates.
   *
   * @param root the wire form
   * @param cert its certificate
   * @param intermediates its intermediates (a cross-signed certificate after a rotation)
   */
  public record ServedRoot(
      CaRoot root, X509Certificate cert, List<X509Certificate> intermediates) {}

  /**
   * @param roots a roots response
   * @return each root parsed
   */
  public static List<ServedRoot> parse(CaRoots roots) {
    List<ServedRoot> out = new ArrayList<>();
    for (CaRoot r : roots.roots()) {
      List<X509Certificate> inter = new ArrayList<>();
      if (r.intermediateCerts() != null) {
        for (String pem : r.intermediateCerts()) {
          inter.addAll(PemDecoder.certificates(pem));
        }
      }
      out.add(new ServedRoot(r, PemDecoder.certificates(r.rootCert()).get(0), inter));
    }
    return out;
  }

  /**
   * The served root whose key signed the leaf, directly or through one intermediate presented in
   * the chain.
   *
   * @param chain leaf first
   * @param roots served roots
   * @return the root, or null if none signed it
   */
  public static ServedRoot signer(List<X509Certificate> chain, List<ServedRoot> roots) {
    X509Certificate leaf = chain.get(0);
    for (ServedRoot r : roots) {
      if (signedBy(leaf, r.cert().getPublicKey())) {
        return r;
      }
    }
    for (X509Certificate mid : chain.subList(1, chain.size())) {
      if (signedBy(leaf, mid.getPublicKey())) {
        for (ServedRoot r : roots) {
          if (signedBy(mid, r.cert().getPublicKey())) {
            return r;
          }
        }
      }
    }
    return null;
  }

  private static boolean signedBy(X509Certificate c, PublicKey key) {
    try {
      c.verify(key);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * @param c a certificate
   * @param now the current time
   * @return subject, SPIFFE ID, serial, validity and remaining time
   */
  public static Map<String, Object> describe(X509Certificate c, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<String> uris = CertificateInfo.uriSans(c);
    m.put("spiffeId", uris.isEmpty() ? "(none)" : String.join(", ", uris));
    m.put("serial", CertificateInfo.colonHex(c.getSerialNumber()));
    String subject = c.getSubjectX500Principal().getName();
    if (!subject.isEmpty()) {
      m.put("subject", subject);
    }
    m.put("issuer", c.getIssuerX500Principal().getName());
    m.put("notBefore", c.getNotBefore().toInstant().toString());
    m.put("notAfter", c.getNotAfter().toInstant().toString());
    Instant end = c.getNotAfter().toInstant();
    m.put(
        "expires",
        end.isBefore(now)
            ? "EXPIRED " + human(Duration.between(end, now)) + " ago"
            : "in " + human(Duration.between(now, end)));
    return m;
  }

  /**
   * @param chain leaf first
   * @return one line per certificate: subject, issuer
   */
  public static List<String> chainSummary(List<X509Certificate> chain) {
    List<String> out = new ArrayList<>();
    for (X509Certificate c : chain) {
      List<String> uris = CertificateInfo.uriSans(c);
      out.add(
          (uris.isEmpty() ? c.getSubjectX500Principal().getName() : uris.get(0))
              + " (issuer "
              + c.getIssuerX500Principal().getName()
              + ", serial "
              + CertificateInfo.colonHex(c.getSerialNumber())
              + ")");
    }
    return out;
  }

  /**
   * @param leaf a leaf
   * @return when the SDK's watchdog forces a refresh if no new leaf arrived
   */
  public static Instant watchdogAt(X509Certificate leaf) {
    return MeshTlsSource.watchdogDue(
        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
  }

  /**
   * @param d a duration
   * @return e.g. {@code 71h59m}, {@code 4m2s}, {@code 850ms}
   */
  public static String human(Duration d) {
    d = d.abs();
    if (d.toSeconds() < 1) {
      return d.toMillis() + "ms";
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    long s = d.toSecondsPart();
    if (h > 0) {
      return h + "h" + m + "m";
    }
    return m > 0 ? m + "m" + s + "s" : s + "s";
  }
}
