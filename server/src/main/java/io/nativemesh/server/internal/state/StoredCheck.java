package io.nativemesh.server.internal.state;

import io.nativemesh.core.model.HealthCheck;
import java.time.Duration;
import java.util.Objects;

/**
 * A health check as stored: the wire representation plus its TTL. Immutable.
 *
 * @param check the check as the health endpoints return it
 * @param ttl the TTL of a TTL check; null for checks that nobody updates (the node's
 *     {@code serfHealth})
 */
public record StoredCheck(HealthCheck check, Duration ttl) {
  /** Validates the record. */
  public StoredCheck {
    Objects.requireNonNull(check, "check");
  }
}
