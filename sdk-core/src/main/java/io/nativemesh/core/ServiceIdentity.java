package io.nativemesh.core;

import java.util.Locale;

/**
 * A Consul service identity read from a SPIFFE ID (Consul: {@code agent/connect/uri_service.go}).
 *
 * @param spiffeId the full SPIFFE ID
 * @param partition admin partition, {@code "default"} when the ID has no {@code /ap/} prefix
 * @param namespace Consul namespace ({@code "default"} in CE)
 * @param datacenter the datacenter that issued the certificate
 * @param service the service name
 */
public record ServiceIdentity(SpiffeId spiffeId, String partition, String namespace, String datacenter, String service) {

  /**
   * Consul's client-side identity rule (Go SDK {@code verifyServerCertMatchesURI}): partition,
   * namespace, datacenter and service compared case-insensitively; the trust domain is compared only
   * when {@code strictTrustDomain} is set (Consul ignores it to allow trust-domain migrations).
   *
   * @param expected the identity the caller dialled
   * @param strictTrustDomain also require the same trust domain
   * @return true if this identity is the expected one
   */
  public boolean matches(ServiceIdentity expected, boolean strictTrustDomain) {
    if (strictTrustDomain && !spiffeId.trustDomain().equals(expected.spiffeId.trustDomain())) {
      return false;
    }
    return lower(partition).equals(lower(expected.partition))
        && lower(namespace).equals(lower(expected.namespace))
        && lower(datacenter).equals(lower(expected.datacenter))
        && lower(service).equals(lower(expected.service));
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return spiffeId.toString();
  }
}
