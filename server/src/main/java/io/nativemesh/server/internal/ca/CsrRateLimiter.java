package io.nativemesh.server.internal.ca;

/**
 * The server's CSR rate limit (docs/consul-api.md, "CSR rate limit"; {@code CSRMaxPerSecond}): a
 * token bucket refilled at
 * the configured rate. Consul uses a burst of 1 and lets a request wait up to ~500 ms for a token; a
 * wait would block an I/O thread here, so instead the bucket holds up to half a second's worth of
 * tokens (at least 1) and a request without a token is refused at once — the same sustained rate and
 * the same tolerance for a 500 ms burst. Rate 0 disables the limit. Thread-safe (synchronized; a few
 * arithmetic operations per call).
 */
public final class CsrRateLimiter {
  /** Consul's refusal text. */
  public static final String RATE_LIMITED = "Rate limit reached, try again later";
  private double ratePerSecond;
  private double capacity;
  private double tokens;
  private long lastNanos;

  /** @param ratePerSecond tokens per second; 0 = unlimited */
  public CsrRateLimiter(double ratePerSecond) {
    setRate(ratePerSecond, System.nanoTime());
    tokens = capacity;
  }

  /**
   * Changes the rate (a CA configuration update); keeps the current tokens up to the new capacity.
   *
   * @param ratePerSecond tokens per second; 0 = unlimited
   * @param nowNanos {@link System#nanoTime()}
   */
  public synchronized void setRate(double ratePerSecond, long nowNanos) {
    if (ratePerSecond == this.ratePerSecond && lastNanos != 0) {
      return;
    }
    refill(nowNanos);
    this.ratePerSecond = ratePerSecond;
    this.capacity = Math.max(1, ratePerSecond / 2);
    this.tokens = Math.min(tokens, capacity);
  }

  /** @return the configured rate, 0 = unlimited */
  public synchronized double rate() {
    return ratePerSecond;
  }

  /**
   * @param nowNanos {@link System#nanoTime()}
   * @return true if a CSR may be signed now (a token was taken)
   */
  public synchronized boolean tryAcquire(long nowNanos) {
    if (ratePerSecond <= 0) {
      return true;
    }
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private void refill(long nowNanos) {
    if (lastNanos != 0 && ratePerSecond > 0) {
      tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / 1e9 * ratePerSecond);
    }
    lastNanos = nowNanos;
  }
}
