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
package io.nativemesh.server.internal.agent;

import java.time.Duration;

/**
 * Where the leader-run timers ({@link SessionTimers}, {@link TtlCheckMonitor}) send an arm or
 * disarm when this server is not the leader (cluster mode, docs/cluster.md): only the leader runs
 * them, so a session or TTL check expires exactly once cluster-wide (Consul: the leader's session
 * timers; a new leader re-arms them all with their full TTL).
 */
public interface TimerRelay {
  /** What a timer guards. */
  enum Kind {
    /** A session's TTL ({@link SessionTimers}). */
    SESSION,
    /** A TTL check ({@link TtlCheckMonitor}). */
    CHECK
  }

  /**
   * Hands an arm or disarm to the leader when this server is not it.
   *
   * @param kind the timer kind
   * @param id the session or check ID
   * @param ttl the TTL to arm with; null to disarm
   * @return true if it was handed on (the caller then does nothing locally); false when this server
   *     is the leader and runs the timer itself
   */
  boolean forward(Kind kind, String id, Duration ttl);

  /**
   * @return true if this server runs the timers now (it is the leader)
   */
  boolean leading();
}
