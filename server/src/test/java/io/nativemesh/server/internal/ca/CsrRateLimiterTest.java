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
package io.nativemesh.server.internal.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The CSR rate limit on a manual time source: capacity of half a second, continuous refill, rate
 * changes.
 */
class CsrRateLimiterTest {
  private long nanos = 1_000_000_000L;
  private final TimeMeter time =
      new TimeMeter() {
        @Override
        public long currentTimeNanos() {
          return nanos;
        }

        @Override
        public boolean isWallClockBased() {
          return false;
        }
      };

  private void advance(Duration d) {
    nanos += d.toNanos();
  }

  private static int acquired(CsrRateLimiter l, int tries) {
    int n = 0;
    for (int i = 0; i < tries; i++) {
      n += l.tryAcquire() ? 1 : 0;
    }
    return n;
  }

  @Test
  void holdsHalfASecondOfTokensAndRefillsAtTheRate() {
    CsrRateLimiter l = new CsrRateLimiter(10, time);
    assertEquals(5, acquired(l, 20), "capacity: half a second at 10/s");
    advance(Duration.ofMillis(99));
    assertEquals(0, acquired(l, 1));
    advance(Duration.ofMillis(1));
    assertEquals(1, acquired(l, 5), "one token per 100 ms");
    advance(Duration.ofMinutes(1));
    assertEquals(5, acquired(l, 20), "refills to capacity, no further");
  }

  @Test
  void slowAndFractionalRatesKeepAtLeastOneToken() {
    CsrRateLimiter l = new CsrRateLimiter(2, time);
    assertEquals(1, acquired(l, 10), "capacity is at least 1");
    advance(Duration.ofMillis(499));
    assertEquals(0, acquired(l, 1));
    advance(Duration.ofMillis(1));
    assertEquals(1, acquired(l, 1));
    CsrRateLimiter half = new CsrRateLimiter(0.5, time);
    assertEquals(1, acquired(half, 3));
    advance(Duration.ofMillis(1999));
    assertEquals(0, acquired(half, 1));
    advance(Duration.ofMillis(1));
    assertEquals(1, acquired(half, 1));
    CsrRateLimiter threeHalves = new CsrRateLimiter(3, time); // capacity 1.5
    assertEquals(1, acquired(threeHalves, 3));
    advance(Duration.ofSeconds(10));
    assertEquals(1, acquired(threeHalves, 3), "1.5 tokens: one CSR, half a token left");
    advance(Duration.ofNanos(166_666_667));
    assertEquals(1, acquired(threeHalves, 3), "the half token plus a sixth of a second at 3/s");
  }

  @Test
  void zeroIsUnlimited() {
    CsrRateLimiter l = new CsrRateLimiter(0, time);
    assertEquals(1000, acquired(l, 1000));
    assertEquals(0.0, l.rate());
  }

  @Test
  void rateChangesKeepTokensUpToTheNewCapacity() {
    CsrRateLimiter l = new CsrRateLimiter(100, time); // capacity 50
    assertEquals(10, acquired(l, 10));
    l.setRate(20); // capacity 10: 40 held, capped to 10
    assertEquals(20.0, l.rate());
    assertEquals(10, acquired(l, 100));
    l.setRate(1000); // capacity 500: keeps the 0 it holds
    assertEquals(0, acquired(l, 1));
    advance(Duration.ofMillis(10));
    assertEquals(10, acquired(l, 100), "refills at the new rate");
    l.setRate(0);
    assertEquals(100, acquired(l, 100));
  }

  @Test
  void aLimitSwitchedOnStartsWithOneToken() {
    CsrRateLimiter l = new CsrRateLimiter(0, time);
    l.setRate(50); // capacity 25
    assertEquals(1, acquired(l, 10));
    advance(Duration.ofMillis(100));
    assertEquals(5, acquired(l, 10));
    advance(Duration.ofSeconds(1));
    assertEquals(25, acquired(l, 100));
  }
}
