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

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Probe start times on memberlist's ticker grid, with hand-picked instants (no clock, no sleep).
 */
class ProbeScheduleTest {
  private static final long MS = 1_000_000L;
  private static final long ANCHOR = 5_000 * MS;
  private final ProbeSchedule s = new ProbeSchedule(ANCHOR, 1_000 * MS);

  @Test
  void aProbeThatEndsWithinItsIntervalWaitsForTheNextTick() {
    assertEquals(ANCHOR + 1_000 * MS, s.next(ANCHOR + 2 * MS, ANCHOR + 40 * MS));
  }

  @Test
  void anOverrunStartsTheNextProbeAtOnceAndTheOneAfterIsBackOnTheGrid() {
    // a failed probe: started at its tick, ended 30 ms past the next one (deadline + TCP fallback)
    long end = ANCHOR + 1_030 * MS;
    assertEquals(end, s.next(ANCHOR, end), "the tick that came meanwhile starts a probe at once");
    // that probe succeeds quickly; the next starts on the grid, not 1 s after its start (+30 ms)
    assertEquals(ANCHOR + 2_000 * MS, s.next(end, end + 5 * MS));
  }

  @Test
  void ticksMissedDuringALongProbeAreDroppedNotReplayed() {
    // awareness 3: a failed probe lasts 4 s; Go's ticker keeps one tick, drops the other three
    long end = ANCHOR + 4_010 * MS;
    assertEquals(end, s.next(ANCHOR, end));
    assertEquals(ANCHOR + 5_000 * MS, s.next(end, end + 3 * MS));
  }

  @Test
  void worksOnTheNanoTimeScaleAcrossZeroAndNegativeValues() {
    ProbeSchedule neg = new ProbeSchedule(-2_500 * MS, 1_000 * MS);
    assertEquals(500 * MS, neg.tickAfter(-100 * MS));
    assertEquals(-500 * MS, neg.tickAfter(-1_500 * MS));
    assertEquals(500 * MS, neg.next(-500 * MS, -400 * MS));
  }
}
