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
package io.nativemesh.blocking;

import io.nativemesh.core.InvalidConfigurationException;
import java.time.Duration;

/**
 * Tuning of a watch loop. Immutable, thread-safe.
 *
 * <p>Defaults follow Consul's documented client rules (Consul API: blocking queries): wait 5
 * minutes (the server caps it at 10 and adds up to wait/16 jitter), a token bucket of burst 2
 * refilled at one call per second, and exponential backoff with jitter on errors from 1 s up to 3
 * minutes (the Go {@code api/watch} plan caps at 180 s).
 *
 * @param waitTime blocking wait sent as {@code wait}; 1 s .. 10 min
 * @param burst token-bucket capacity (calls that may run back to back)
 * @param refillInterval time to earn one token back
 * @param initialBackoff first retry delay after an error
 * @param maxBackoff retry delay cap
 * @param hashBlocking block on {@code X-Consul-ContentHash} instead of the index (agent-local
 *     endpoints)
 * @since 0.1.0
 */
public record WatchOptions(
    Duration waitTime,
    int burst,
    Duration refillInterval,
    Duration initialBackoff,
    Duration maxBackoff,
    boolean hashBlocking) {

  /** Consul's recommended defaults. */
  public static final WatchOptions DEFAULTS =
      new WatchOptions(
          Duration.ofMinutes(5),
          2,
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofMinutes(3),
          false);

  /** Validates. */
  public WatchOptions {
    if (waitTime.compareTo(Duration.ofMillis(100)) < 0
        || waitTime.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new InvalidConfigurationException(
          "watch wait must be between 100ms and 10m, was " + waitTime);
    }
    if (burst < 1) {
      throw new InvalidConfigurationException("watch burst must be >= 1, was " + burst);
    }
    if (refillInterval.isNegative()
        || initialBackoff.isNegative()
        || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new InvalidConfigurationException(
          "invalid watch timings: refill "
              + refillInterval
              + ", backoff "
              + initialBackoff
              + ".."
              + maxBackoff);
    }
  }

  /**
   * @param w the blocking wait
   * @return a copy with that wait
   */
  public WatchOptions withWait(Duration w) {
    return new WatchOptions(w, burst, refillInterval, initialBackoff, maxBackoff, hashBlocking);
  }

  /**
   * @param initial first retry delay
   * @param max retry delay cap
   * @return a copy with that backoff
   */
  public WatchOptions withBackoff(Duration initial, Duration max) {
    return new WatchOptions(waitTime, burst, refillInterval, initial, max, hashBlocking);
  }

  /**
   * @param b burst
   * @param refill time to earn one call back
   * @return a copy with that rate limit
   */
  public WatchOptions withRateLimit(int b, Duration refill) {
    return new WatchOptions(waitTime, b, refill, initialBackoff, maxBackoff, hashBlocking);
  }

  /**
   * @return a copy that blocks on the content hash
   */
  public WatchOptions withHashBlocking() {
    return new WatchOptions(waitTime, burst, refillInterval, initialBackoff, maxBackoff, true);
  }
}
