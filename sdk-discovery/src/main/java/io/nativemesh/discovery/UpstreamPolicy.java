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

import io.nativemesh.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How calls to one upstream are balanced, retried, timed out and cut off. Immutable; derive
 * variants with {@link #toBuilder()}.
 *
 * <ul>
 *   <li>{@code maxAttempts}: instances tried per request or connection when connecting or the TLS
 *       handshake fails (HTTP also retries a broken idempotent request); a refusal by the peer's
 *       intentions is never retried, every instance applies the same intentions.
 *   <li>Outlier ejection: after {@code ejectAfterFailures} consecutive connect or handshake
 *       failures an instance is skipped for {@code baseEjection} × (times ejected in a row), at
 *       most {@code maxEjection}; it then returns on its own. If every instance is ejected, they
 *       are all used again (failing open).
 *   <li>Circuit breaker (Resilience4j, per upstream): when at least {@code breakerMinimumCalls} of
 *       the last {@code breakerWindow} attempts were made and {@code breakerFailureRate} percent
 *       failed, new attempts fail at once with {@link UpstreamCircuitOpenException} for {@code
 *       breakerOpenFor}, then a few probe attempts decide.
 * </ul>
 *
 * @param loadBalancing how an instance is chosen
 * @param maxAttempts attempts per request or connection, ≥ 1
 * @param retryBackoff pause before the second attempt (exponential with jitter after), ≥ 0
 * @param ejectAfterFailures consecutive failures that eject an instance, ≥ 1
 * @param baseEjection first ejection time, &gt; 0
 * @param maxEjection longest ejection time, ≥ {@code baseEjection}
 * @param connectTimeout TCP connect timeout per attempt, &gt; 0
 * @param handshakeTimeout TLS handshake timeout per attempt, &gt; 0
 * @param requestTimeout HTTP read/write timeout per request; local forwarders close a connection
 *     idle (no byte either way) for {@code idleTimeout}
 * @param idleTimeout idle timeout of forwarded connections, &gt; 0
 * @param breakerFailureRate failure percentage that opens the breaker, 1..100
 * @param breakerMinimumCalls attempts needed before the rate counts, ≥ 1
 * @param breakerWindow attempts in the sliding window, ≥ {@code breakerMinimumCalls}
 * @param breakerOpenFor how long an open breaker refuses, &gt; 0
 * @since 0.1.0
 */
public record UpstreamPolicy(
    LoadBalancing loadBalancing,
    int maxAttempts,
    Duration retryBackoff,
    int ejectAfterFailures,
    Duration baseEjection,
    Duration maxEjection,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Duration requestTimeout,
    Duration idleTimeout,
    float breakerFailureRate,
    int breakerMinimumCalls,
    int breakerWindow,
    Duration breakerOpenFor) {

  /**
   * Round robin, 3 attempts, eject after 3 failures for 10 s (max 60 s), 5 s connect and handshake,
   * 30 s requests, 10 min idle, breaker at 50 % of ≥ 20 of the last 50 attempts for 5 s.
   */
  public static final UpstreamPolicy DEFAULT =
      new UpstreamPolicy(
          LoadBalancing.ROUND_ROBIN,
          3,
          Duration.ofMillis(10),
          3,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10),
          50f,
          20,
          50,
          Duration.ofSeconds(5));

  /**
   * Validates the fields.
   *
   * @throws InvalidConfigurationException if a value is out of range
   */
  public UpstreamPolicy {
    Objects.requireNonNull(loadBalancing, "loadBalancing");
    require(maxAttempts >= 1, "maxAttempts must be >= 1");
    require(!retryBackoff.isNegative(), "retryBackoff must be >= 0");
    require(ejectAfterFailures >= 1, "ejectAfterFailures must be >= 1");
    require(
        positive(baseEjection) && maxEjection.compareTo(baseEjection) >= 0,
        "need 0 < baseEjection <= maxEjection");
    require(
        positive(connectTimeout)
            && positive(handshakeTimeout)
            && positive(requestTimeout)
            && positive(idleTimeout),
        "timeouts must be > 0");
    require(
        breakerFailureRate >= 1 && breakerFailureRate <= 100,
        "breakerFailureRate must be in 1..100");
    require(
        breakerMinimumCalls >= 1 && breakerWindow >= breakerMinimumCalls,
        "need 1 <= breakerMinimumCalls <= breakerWindow");
    require(positive(breakerOpenFor), "breakerOpenFor must be > 0");
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new InvalidConfigurationException("upstream policy: " + message);
    }
  }

  /**
   * @return a builder starting from {@link #DEFAULT}
   */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /**
   * @return a builder starting from this policy
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds an {@link UpstreamPolicy}; not thread-safe. */
  public static final class Builder {
    private LoadBalancing lb;
    private int attempts;
    private Duration backoff;
    private int ejectAfter;
    private Duration baseEject;
    private Duration maxEject;
    private Duration connect;
    private Duration handshake;
    private Duration request;
    private Duration idle;
    private float rate;
    private int minCalls;
    private int window;
    private Duration openFor;

    private Builder(UpstreamPolicy p) {
      lb = p.loadBalancing;
      attempts = p.maxAttempts;
      backoff = p.retryBackoff;
      ejectAfter = p.ejectAfterFailures;
      baseEject = p.baseEjection;
      maxEject = p.maxEjection;
      connect = p.connectTimeout;
      handshake = p.handshakeTimeout;
      request = p.requestTimeout;
      idle = p.idleTimeout;
      rate = p.breakerFailureRate;
      minCalls = p.breakerMinimumCalls;
      window = p.breakerWindow;
      openFor = p.breakerOpenFor;
    }

    /**
     * @param v balancing @return this
     */
    public Builder loadBalancing(LoadBalancing v) {
      lb = v;
      return this;
    }

    /**
     * @param v attempts per request/connection @param backoffBeforeRetry pause before a
     *     retry @return this
     */
    public Builder retries(int v, Duration backoffBeforeRetry) {
      attempts = v;
      backoff = backoffBeforeRetry;
      return this;
    }

    /**
     * @param failures consecutive failures @param base first ejection @param max longest
     *     ejection @return this
     */
    public Builder outlierEjection(int failures, Duration base, Duration max) {
      ejectAfter = failures;
      baseEject = base;
      maxEject = max;
      return this;
    }

    /**
     * @param tcp connect timeout @param tls handshake timeout @return this
     */
    public Builder connectTimeouts(Duration tcp, Duration tls) {
      connect = tcp;
      handshake = tls;
      return this;
    }

    /**
     * @param v HTTP read/write timeout @return this
     */
    public Builder requestTimeout(Duration v) {
      request = v;
      return this;
    }

    /**
     * @param v idle timeout of forwarded connections @return this
     */
    public Builder idleTimeout(Duration v) {
      idle = v;
      return this;
    }

    /**
     * @param failureRatePercent percentage of failed attempts that opens the breaker
     * @param minimumCalls attempts before the rate counts
     * @param windowCalls sliding window size in attempts
     * @param open how long it stays open
     * @return this
     */
    public Builder circuitBreaker(
        float failureRatePercent, int minimumCalls, int windowCalls, Duration open) {
      rate = failureRatePercent;
      minCalls = minimumCalls;
      window = windowCalls;
      openFor = open;
      return this;
    }

    /**
     * @return the policy
     * @throws InvalidConfigurationException if a value is out of range
     */
    public UpstreamPolicy build() {
      return new UpstreamPolicy(
          lb,
          attempts,
          backoff,
          ejectAfter,
          baseEject,
          maxEject,
          connect,
          handshake,
          request,
          idle,
          rate,
          minCalls,
          window,
          openFor);
    }
  }
}
