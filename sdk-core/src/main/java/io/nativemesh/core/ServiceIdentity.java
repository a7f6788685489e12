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
 * @since 0.1.0
 */
public record ServiceIdentity(
    SpiffeId spiffeId, String partition, String namespace, String datacenter, String service) {

  /**
   * Consul's client-side identity rule (Go SDK {@code verifyServerCertMatchesURI}): partition,
   * namespace, datacenter and service compared case-insensitively; the trust domain is compared
   * only when {@code strictTrustDomain} is set (Consul ignores it to allow trust-domain
   * migrations).
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
