package io.nativemesh.tls.metrics;

import io.nativemesh.tls.CertificateRejectedException;
import java.util.function.Supplier;

/**
 * Where the mesh reports what it does. {@link #NOOP} by default; {@link MicrometerMeshMetrics} when
 * Micrometer is on the class path. Implementations must be thread-safe and cheap: handshakes call
 * them.
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
   * @param reason short cause, e.g. {@code watch-error}, {@code KEY_MISMATCH}, {@code CHAIN_INVALID}
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
   * Registers the seconds-to-expiry gauge of our leaf.
   *
   * @param service service name
   * @param secondsToExpiry current value, negative once expired, NaN before the first leaf
   */
  default void leafExpiryGauge(String service, Supplier<Double> secondsToExpiry) {}
}
