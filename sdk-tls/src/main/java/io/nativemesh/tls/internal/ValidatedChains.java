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

import io.nativemesh.tls.CertificateRejectedException;
import io.nativemesh.tls.CertificateRejectedException.Reason;
import io.nativemesh.tls.TrustBundle;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers chains that passed PKIX path validation against a given {@link TrustBundle}, so that a
 * peer reconnecting with the same leaf skips the signature checks. A hit still checks the validity
 * period of every certificate in the chain at the current time; a new trust bundle (roots changed)
 * never hits entries of the old one. Only successes are remembered. Bounded: when full it forgets
 * everything. Thread-safe.
 */
public final class ValidatedChains {
  private static final int MAX = 4096;
  private static final Map<List<X509Certificate>, TrustBundle> OK = new ConcurrentHashMap<>();

  private ValidatedChains() {}

  /**
   * PKIX validation, served from memory when this exact chain already validated against this
   * bundle.
   *
   * @param chain leaf first
   * @param trust trusted roots
   * @param now validation time
   * @param what names the certificate in errors
   * @throws CertificateRejectedException as {@link SvidVerifier#validatePath}
   */
  public static void validate(X509Certificate[] chain, TrustBundle trust, Date now, String what)
      throws CertificateRejectedException {
    List<X509Certificate> key = Arrays.asList(chain);
    if (OK.get(key) == trust) {
      for (X509Certificate c : chain) {
        try {
          c.checkValidity(now);
        } catch (CertificateExpiredException e) {
          throw new CertificateRejectedException(
              Reason.EXPIRED,
              what + ": a certificate in the chain expired at " + c.getNotAfter().toInstant(),
              e);
        } catch (CertificateNotYetValidException e) {
          throw new CertificateRejectedException(
              Reason.NOT_YET_VALID,
              what
                  + ": a certificate in the chain is not valid before "
                  + c.getNotBefore().toInstant(),
              e);
        }
      }
      return;
    }
    SvidVerifier.validatePath(chain, trust, now, what);
    if (OK.size() >= MAX) {
      OK.clear();
    }
    OK.put(List.copyOf(key), trust);
  }
}
