package io.nativemesh.blocking.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket measured on an injected clock. Not thread-safe: callers synchronize.
 */
public final class TokenBucket {
  private final Clock clock;
  private final int capacity;
  private final long refillNanos;
  private double tokens;
  private long lastNanos;

  /**
   * @param clock time source
   * @param capacity burst
   * @param refill time to earn one token
   */
  public TokenBucket(Clock clock, int capacity, Duration refill) {
    this.clock = clock;
    this.capacity = capacity;
    this.refillNanos = Math.max(1, refill.toNanos());
    this.tokens = capacity;
    this.lastNanos = nanos();
  }

  private long nanos() {
    var i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /**
   * Takes a token if one is available.
   *
   * @return zero if a token was taken, else how long until one will be available
   */
  public Duration tryTake() {
    long now = nanos();
    tokens = Math.min(capacity, tokens + (double) (now - lastNanos) / refillNanos);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) * refillNanos));
  }
}
