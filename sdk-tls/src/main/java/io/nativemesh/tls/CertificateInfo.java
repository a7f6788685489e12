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

import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Small readers of certificate fields used in logs and checks. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class CertificateInfo {
  private CertificateInfo() {}

  /**
   * @param serial a serial number
   * @return Consul's colon-hex form, e.g. {@code 0f:a3} (lower case, even number of digits)
   */
  public static String colonHex(BigInteger serial) {
    String hex = serial.toString(16).toLowerCase(Locale.ROOT);
    if (hex.length() % 2 == 1) {
      hex = "0" + hex;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(hex, i, i + 2);
    }
    return sb.toString();
  }

  /**
   * @param cert a certificate
   * @return its URI subject alternative names, in order (possibly empty)
   */
  public static List<String> uriSans(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (((Integer) san.get(0)) == 6) { // uniformResourceIdentifier
            out.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return out;
  }
}
