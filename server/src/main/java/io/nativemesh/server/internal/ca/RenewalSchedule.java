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

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When the agent re-issues a leaf (Consul: {@code agent/leafcert/util.go}): at a uniform-random
 * instant in [max(now, 60 %), 90 %] of the certificate's lifetime ({@code ValidBefore −
 * ValidAfter}); past 90 % immediately. Deviation: Consul also renews immediately when the lifetime
 * is under 10 minutes; we do not, so that dev TTLs of seconds still rotate at 60–90 % instead of
 * continuously. Stateless and thread-safe.
 */
public final class RenewalSchedule {
  private RenewalSchedule() {}

  /**
   * @param validAfter the certificate's NotBefore
   * @param validBefore the certificate's NotAfter
   * @param now the current time
   * @param random randomness for the jitter
   * @return the renewal instant, never after 90 % of the lifetime
   */
  public static Instant renewalInstant(
      Instant validAfter, Instant validBefore, Instant now, RandomGenerator random) {
    long lifetimeNanos = Duration.between(validAfter, validBefore).toNanos();
    if (lifetimeNanos <= 0) {
      return now;
    }
    Instant start = validAfter.plusNanos(lifetimeNanos / 10 * 6);
    Instant end = validAfter.plusNanos(lifetimeNanos / 10 * 9);
    if (start.isBefore(now)) {
      start = now;
    }
    if (!end.isAfter(start)) {
      return now.isAfter(end) ? now : end;
    }
    long window = Duration.between(start, end).toNanos();
    return start.plusNanos(random.nextLong(window));
  }
}
