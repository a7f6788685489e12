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
