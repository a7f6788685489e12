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

/**
 * The state of an upstream's circuit breaker ({@link UpstreamPolicy}: opened by the failure rate of
 * recent attempts, half-open after {@code breakerOpenFor}). Reported by {@link
 * UpstreamResolver#circuitState}.
 *
 * @since 0.1.0
 */
public enum CircuitState {
  /** Attempts are made; failures are counted. */
  CLOSED,
  /**
   * Attempts fail at once with {@link UpstreamCircuitOpenException} until {@code breakerOpenFor}
   * passed.
   */
  OPEN,
  /** A few probe attempts are let through; their outcome closes or reopens the breaker. */
  HALF_OPEN
}
