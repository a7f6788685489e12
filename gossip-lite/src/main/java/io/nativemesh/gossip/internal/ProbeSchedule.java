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

/**
 * When SWIM probes start, as memberlist's probe ticker: ticks lie on a fixed grid {@code anchor + k
 * * interval} (nanoseconds); a probe that overruns its tick (a failed probe lasts the whole,
 * possibly awareness-scaled, probe interval) is followed at once by the next one — the ticker
 * channel holds one tick, later ones are dropped — and the probes after that are back on the grid.
 * So overruns do not push later probes back, as "one interval after the previous start" would.
 * Immutable; thread-safe.
 */
final class ProbeSchedule {
  private final long anchorNanos;
  private final long intervalNanos;

  /**
   * @param anchorNanos a tick instant ({@link System#nanoTime()} scale)
   * @param intervalNanos the probe interval, unscaled by awareness (memberlist scales the probe's
   *     deadline, not the ticker), &gt; 0
   */
  ProbeSchedule(long anchorNanos, long intervalNanos) {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.anchorNanos = anchorNanos;
    this.intervalNanos = intervalNanos;
  }

  /** The first tick strictly after {@code t}. */
  long tickAfter(long t) {
    return anchorNanos + (Math.floorDiv(t - anchorNanos, intervalNanos) + 1) * intervalNanos;
  }

  /**
   * Start of the next probe.
   *
   * @param startedNanos when the probe that just ended took its tick
   * @param nowNanos when it ended
   * @return {@code nowNanos} if a tick came while it ran, else the next tick
   */
  long next(long startedNanos, long nowNanos) {
    long tick = tickAfter(startedNanos);
    return tick - nowNanos <= 0 ? nowNanos : tick;
  }
}
