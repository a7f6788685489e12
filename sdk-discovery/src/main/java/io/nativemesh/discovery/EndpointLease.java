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
package io.nativemesh.discovery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.nativemesh.discovery.internal.EndpointStats;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One use of one chosen instance: a request or a forwarded connection. While open it counts as
 * outstanding on the instance (least-outstanding balancing). Report the outcome of connecting once
 * — {@link #connected()}, {@link #failed(Throwable)} or {@link #refused()} — which feeds outlier
 * ejection and the upstream's circuit breaker, then {@link #close()} when the request or connection
 * ends. Thread-safe; reporting twice or closing twice has no further effect.
 *
 * @since 0.1.0
 */
public final class EndpointLease implements AutoCloseable {
  private final Endpoint endpoint;
  private final EndpointStats stats;
  private final CircuitBreaker breaker;
  private final UpstreamPolicy policy;
  private final LongSupplier ticker;
  private final long start;
  private final AtomicBoolean reported = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  EndpointLease(
      Endpoint endpoint,
      EndpointStats stats,
      CircuitBreaker breaker,
      UpstreamPolicy policy,
      LongSupplier ticker) {
    this.endpoint = endpoint;
    this.stats = stats;
    this.breaker = breaker;
    this.policy = policy;
    this.ticker = ticker;
    this.start = ticker.getAsLong();
    stats.acquire();
  }

  /**
   * @return the chosen instance
   */
  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * @return the policy of the upstream (timeouts to apply to this attempt)
   */
  public UpstreamPolicy policy() {
    return policy;
  }

  /** Connecting and the TLS handshake succeeded (or, for HTTP, a response arrived). */
  public void connected() {
    if (reported.compareAndSet(false, true)) {
      stats.success();
      breaker.onSuccess(ticker.getAsLong() - start, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Connecting or the handshake failed (or the connection broke): counts toward ejecting the
   * instance and opening the breaker.
   *
   * @param cause the failure
   */
  public void failed(Throwable cause) {
    if (reported.compareAndSet(false, true)) {
      stats.failure(
          ticker.getAsLong(),
          policy.ejectAfterFailures(),
          policy.baseEjection(),
          policy.maxEjection());
      breaker.onError(ticker.getAsLong() - start, TimeUnit.NANOSECONDS, cause);
    }
  }

  /** The peer refused us by policy (intentions): not the instance's fault, counts for nothing. */
  public void refused() {
    if (reported.compareAndSet(false, true)) {
      breaker.releasePermission();
    }
  }

  /**
   * Ends the use: no longer outstanding. An attempt never reported releases its breaker permission.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stats.release();
      if (reported.compareAndSet(false, true)) {
        breaker.releasePermission();
      }
    }
  }

  @Override
  public String toString() {
    return "lease of " + endpoint;
  }
}
