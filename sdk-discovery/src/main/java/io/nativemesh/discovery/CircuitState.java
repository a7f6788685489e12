package io.nativemesh.discovery;

/**
 * The state of an upstream's circuit breaker ({@link UpstreamPolicy}: opened by the failure rate of
 * recent attempts, half-open after {@code breakerOpenFor}). Reported by
 * {@link UpstreamResolver#circuitState}.
 */
public enum CircuitState {
  /** Attempts are made; failures are counted. */
  CLOSED,
  /** Attempts fail at once with {@link UpstreamCircuitOpenException} until {@code breakerOpenFor} passed. */
  OPEN,
  /** A few probe attempts are let through; their outcome closes or reopens the breaker. */
  HALF_OPEN
}
