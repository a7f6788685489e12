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
package io.nativemesh.gossip.internal;

import java.time.Duration;

/**
 * Lifeguard's Local Health Multiplier (memberlist {@code awareness}): a score in {@code [0, max-1]}
 * that grows when this node seems unhealthy (missed nacks, refutations) and scales the probe
 * interval by {@code score + 1}. Thread-safe.
 */
public final class Awareness {
  private final int max;
  private int score;

  /**
   * @param max memberlist's {@code AwarenessMaxMultiplier} (8)
   */
  public Awareness(int max) {
    this.max = max;
  }

  /** Adds {@code delta} (may be negative), clamped to {@code [0, max-1]}. */
  public synchronized void applyDelta(int delta) {
    score = Math.max(0, Math.min(max - 1, score + delta));
  }

  public synchronized int score() {
    return score;
  }

  /** {@code timeout * (score + 1)}. */
  public synchronized Duration scale(Duration timeout) {
    return timeout.multipliedBy(score + 1L);
  }
}
