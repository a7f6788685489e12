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

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BandwidthBuilder.BandwidthBuilderBuildStage;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;

/**
 * The server's CSR rate limit (docs/consul-api.md, "CSR rate limit"; {@code CSRMaxPerSecond}): a
 * token bucket (Bucket4j) refilled continuously at the configured rate. Consul uses a burst of 1
 * and lets a request wait up to ~500 ms for a token; a wait would block an I/O thread here, so
 * instead the bucket holds up to half a second's worth of tokens (at least 1) and a request without
 * a token is refused at once — the same sustained rate and the same tolerance for a 500 ms burst.
 * Rate 0 disables the limit.
 *
 * <p>A limiter created with a rate starts full. A limit switched on later (from 0, e.g. the first
 * CA configuration applied to a limiter created unlimited) starts with one token, so no burst
 * passes at the moment it is switched on. A rate change keeps the tokens the bucket holds, up to
 * the new capacity. The rate is a double ({@code CSRMaxPerSecond} is a float in Consul); Bucket4j
 * counts whole tokens, so one CSR costs {@value #UNITS} of its tokens and fractional rates and
 * capacities keep their meaning. Thread-safe (synchronized).
 */
public final class CsrRateLimiter {
  /** Consul's refusal text. */
  public static final String RATE_LIMITED = "Rate limit reached, try again later";

  /** Bucket4j tokens per CSR. */
  static final long UNITS = 1000;

  /** Above this the limit cannot be reached; keeps the refill period at least 1 ns. */
  private static final double MAX_RATE = 1e9;

  private final TimeMeter time;
  private double ratePerSecond;
  private Bucket bucket; // null: unlimited

  /**
   * @param ratePerSecond CSRs per second; 0 = unlimited
   * @param time the time source ({@link TimeMeter#SYSTEM_NANOTIME} in the server)
   */
  public CsrRateLimiter(double ratePerSecond, TimeMeter time) {
    this.time = time;
    this.ratePerSecond = ratePerSecond;
    if (ratePerSecond > 0) {
      bucket =
          Bucket.builder()
              .addLimit(limit(ratePerSecond, false))
              .withCustomTimePrecision(time)
              .build();
    }
  }

  /**
   * Changes the rate (a CA configuration update); keeps the current tokens up to the new capacity.
   *
   * @param ratePerSecond CSRs per second; 0 = unlimited
   */
  public synchronized void setRate(double ratePerSecond) {
    if (ratePerSecond == this.ratePerSecond) {
      return;
    }
    this.ratePerSecond = ratePerSecond;
    if (ratePerSecond <= 0) {
      bucket = null;
    } else if (bucket == null) {
      bucket =
          Bucket.builder()
              .addLimit(limit(ratePerSecond, true))
              .withCustomTimePrecision(time)
              .build();
    } else {
      bucket.replaceConfiguration(
          BucketConfiguration.builder().addLimit(limit(ratePerSecond, false)).build(),
          TokensInheritanceStrategy.AS_IS);
    }
  }

  /**
   * @return the configured rate, 0 = unlimited
   */
  public synchronized double rate() {
    return ratePerSecond;
  }

  /**
   * @return true if a CSR may be signed now (a token was taken)
   */
  public synchronized boolean tryAcquire() {
    return bucket == null || bucket.tryConsume(UNITS);
  }

  private static Bandwidth limit(double ratePerSecond, boolean oneTokenToStart) {
    double rate = Math.min(ratePerSecond, MAX_RATE);
    long capacity = Math.round(Math.max(1, rate / 2) * UNITS);
    Duration perCsr = Duration.ofNanos(Math.max(1, Math.round(1e9 / rate)));
    BandwidthBuilderBuildStage limit =
        Bandwidth.builder().capacity(capacity).refillGreedy(UNITS, perCsr);
    return oneTokenToStart ? limit.initialTokens(UNITS).build() : limit.build();
  }
}
