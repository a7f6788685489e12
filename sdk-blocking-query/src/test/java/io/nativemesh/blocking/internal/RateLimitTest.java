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
package io.nativemesh.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.nativemesh.blocking.WatchOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The watch loop's token bucket on an injected clock: burst, continuous refill, the wait it
 * reports.
 */
class RateLimitTest {
  /** A clock that moves only when told. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void burstThenOneCallPerRefillInterval() {
    ManualClock clock = new ManualClock();
    Bucket b =
        BlockingWatch.rateLimit(
            WatchOptions.DEFAULTS.withRateLimit(2, Duration.ofMillis(20)), clock);
    assertTrue(b.tryConsumeAndReturnRemaining(1).isConsumed());
    assertTrue(b.tryConsumeAndReturnRemaining(1).isConsumed());
    ConsumptionProbe refused = b.tryConsumeAndReturnRemaining(1);
    assertFalse(refused.isConsumed());
    assertEquals(Duration.ofMillis(20), Duration.ofNanos(refused.getNanosToWaitForRefill()));
    clock.advance(Duration.ofMillis(5));
    assertEquals(
        Duration.ofMillis(15),
        Duration.ofNanos(b.tryConsumeAndReturnRemaining(1).getNanosToWaitForRefill()),
        "a quarter of an interval earns a quarter of a call");
    clock.advance(Duration.ofMillis(15));
    assertTrue(b.tryConsumeAndReturnRemaining(1).isConsumed());
    assertFalse(b.tryConsumeAndReturnRemaining(1).isConsumed());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(2, b.getAvailableTokens(), "refills up to the burst, no further");
  }

  @Test
  void consulDefaults() {
    ManualClock clock = new ManualClock();
    Bucket b = BlockingWatch.rateLimit(WatchOptions.DEFAULTS, clock);
    assertEquals(2, b.getAvailableTokens());
    b.tryConsume(2);
    assertEquals(
        Duration.ofSeconds(1),
        Duration.ofNanos(b.tryConsumeAndReturnRemaining(1).getNanosToWaitForRefill()));
  }
}
