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
package io.nativemesh.server.internal.state;

import io.nativemesh.core.model.HealthCheck;
import java.time.Duration;
import java.util.Objects;

/**
 * A health check as stored: the wire representation plus how the agent runs it. Immutable.
 *
 * @param check the check as the health endpoints return it
 * @param ttl the TTL of a TTL check; null for checks that nobody updates through the TTL endpoints
 *     (the node's {@code serfHealth}, HTTP/TCP checks, maintenance checks)
 * @param spec HTTP/TCP definition and reaper setting, or null
 */
public record StoredCheck(HealthCheck check, Duration ttl, CheckSpec spec) {
  /** Validates the record. */
  public StoredCheck {
    Objects.requireNonNull(check, "check");
  }

  /**
   * A check without an HTTP/TCP definition.
   *
   * @param check the check
   * @param ttl TTL or null
   */
  public StoredCheck(HealthCheck check, Duration ttl) {
    this(check, ttl, null);
  }
}
