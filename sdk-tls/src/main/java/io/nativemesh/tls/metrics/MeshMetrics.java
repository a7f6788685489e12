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
package io.nativemesh.tls.metrics;

import io.nativemesh.tls.CertificateRejectedException;
import java.util.function.Supplier;

/**
 * Where the mesh reports what it does. {@link #NOOP} by default; {@link MicrometerMeshMetrics} when
 * Micrometer is on the class path. Implementations must be thread-safe and cheap: handshakes call
 * them.
 *
 * @since 0.1.0
 */
public interface MeshMetrics {
  /** Reports nothing. */
  MeshMetrics NOOP = new MeshMetrics() {};

  /**
   * A peer certificate was verified.
   *
   * @param side {@code server} (we verified a client) or {@code client} (we verified a server)
   * @param outcome {@code ok} or a {@link CertificateRejectedException.Reason} name
   */
  default void peerVerification(String side, String outcome) {}

  /**
   * An authorization decision (connection or request level).
   *
   * @param allowed the decision
   * @param decidedBy {@code intention}, {@code default-policy} or {@code not-ready}
   */
  default void authorization(boolean allowed, String decidedBy) {}

  /** A new leaf was published. */
  default void leafRenewed() {}

  /**
   * A leaf could not be obtained or was refused.
   *
   * @param reason short cause, e.g. {@code watch-error}, {@code KEY_MISMATCH}, {@code
   *     CHAIN_INVALID}
   */
  default void leafRenewalFailure(String reason) {}

  /** The expiry watchdog forced a non-blocking leaf read. */
  default void watchdogForcedRefresh() {}

  /**
   * A blocking watch failed.
   *
   * @param watch {@code leaf}, {@code roots}, {@code intentions}, ...
   */
  default void watchError(String watch) {}

  /**
   * Registers the seconds-to-expiry gauge of a service's leaf. Called once by each mesh service
   * (each {@code MeshTlsSource}); several services of one name in a process share one gauge.
   *
   * @param service service name
   * @param secondsToExpiry current value, negative once expired, NaN before the first leaf; read on
   *     the metrics system's threads, so it must be thread-safe
   * @return closing it withdraws {@code secondsToExpiry} (the service closed); idempotent
   */
  default Registration leafExpiryGauge(String service, Supplier<Double> secondsToExpiry) {
    return () -> {};
  }

  /**
   * Withdraws what a registration method registered.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  interface Registration extends AutoCloseable {
    /** Withdraws the registration; idempotent; throws nothing. */
    @Override
    void close();
  }
}
