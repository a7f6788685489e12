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

import io.nativemesh.tls.metrics.MeshMetrics;
import java.time.Clock;
import java.util.Objects;

/**
 * Verification policy shared by the trust manager and the SSL context factories. Immutable,
 * thread-safe.
 *
 * @param clock time used for certificate validity checks
 * @param strictTrustDomain if true, peers must belong to our trust domain; if false (Consul's
 *     behaviour, which allows trust-domain migrations) only namespace, datacenter and service are
 *     compared
 * @param l7EnforcedPerRequest if true, a client matched by an L7 intention is admitted at the
 *     connection level and its permissions are checked per request by the HTTP integration; if
 *     false such a client is refused, as Consul's {@code /agent/connect/authorize} does
 * @param metrics where verifications, decisions and renewals are reported
 * @since 0.1.0
 */
public record TlsPolicy(
    Clock clock, boolean strictTrustDomain, boolean l7EnforcedPerRequest, MeshMetrics metrics) {
  /** System clock, Consul's lenient trust-domain rule, L7 intentions deny at connection level. */
  public static final TlsPolicy DEFAULT = new TlsPolicy(Clock.systemUTC(), false, false);

  /** Validates. */
  public TlsPolicy {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * A policy without metrics.
   *
   * @param clock time source
   * @param strictTrustDomain require our trust domain
   * @param l7EnforcedPerRequest admit L7-matched clients at connection level
   */
  public TlsPolicy(Clock clock, boolean strictTrustDomain, boolean l7EnforcedPerRequest) {
    this(clock, strictTrustDomain, l7EnforcedPerRequest, MeshMetrics.NOOP);
  }
}
