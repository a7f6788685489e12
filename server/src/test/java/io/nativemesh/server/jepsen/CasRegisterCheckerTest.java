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
package io.nativemesh.server.jepsen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.jepsen.Op.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The register checker accepts linearizable histories and rejects the classic anomalies. */
class CasRegisterCheckerTest {
  private static boolean check(Op... ops) {
    return CasRegisterChecker.isLinearizable(List.of(ops), 1_000_000);
  }

  @Test
  void sequentialHistoryIsAccepted() {
    assertTrue(
        check(
            Op.read(0, 0, 0, 1),
            Op.cas(0, 0, 1, Outcome.OK, 2, 3),
            Op.cas(1, 0, 1, Outcome.FAILED, 4, 5),
            Op.read(1, 1, 6, 7)));
  }

  @Test
  void staleReadAfterAcknowledgedWriteIsRejected() {
    assertFalse(check(Op.cas(0, 0, 1, Outcome.OK, 0, 10), Op.read(1, 0, 20, 30)));
  }

  @Test
  void valueGoingBackDuringAConcurrentWriteIsRejected() {
    assertFalse(
        check(Op.cas(0, 0, 1, Outcome.OK, 0, 100), Op.read(1, 1, 10, 20), Op.read(2, 0, 30, 40)));
    assertTrue(
        check(Op.cas(0, 0, 1, Outcome.OK, 0, 100), Op.read(1, 0, 10, 20), Op.read(2, 1, 30, 40)));
  }

  @Test
  void casAppliedTwiceIsRejected() {
    assertFalse(check(Op.cas(0, 0, 1, Outcome.OK, 0, 10), Op.cas(1, 0, 1, Outcome.OK, 5, 15)));
    assertFalse(
        check(Op.cas(0, 0, 1, Outcome.FAILED, 0, 10), Op.read(1, 0, 20, 30)),
        "a refused CAS on a matching value");
  }

  @Test
  void unknownOutcomeMayHaveHappenedOrNot() {
    assertTrue(check(Op.cas(0, 0, 1, Outcome.UNKNOWN, 0, 0), Op.read(1, 1, 20, 30)));
    assertTrue(check(Op.cas(0, 0, 1, Outcome.UNKNOWN, 0, 0), Op.read(1, 0, 20, 30)));
    assertFalse(
        check(Op.cas(0, 0, 1, Outcome.UNKNOWN, 0, 0), Op.read(1, 1, 20, 30), Op.read(2, 0, 40, 50)),
        "once seen, an unknown write cannot be undone");
  }

  /**
   * A register simulated with real interleavings by four clients is accepted; one flipped read is
   * not.
   */
  @Test
  void largeSimulatedHistoryAndItsCorruption() {
    Random rnd = new Random(7);
    List<Op> ops = new ArrayList<>();
    long value = 0;
    long t = 0;
    // each op takes effect at a point inside [called, returned]; overlap by drawing wide windows
    for (int i = 0; i < 3000; i++) {
      long effect = t += 10;
      long called = effect - rnd.nextInt(40);
      long returned = effect + rnd.nextInt(40);
      int client = i % 4;
      if (rnd.nextBoolean()) {
        ops.add(Op.read(client, value, called, returned));
      } else if (rnd.nextInt(50) == 0) {
        ops.add(Op.cas(client, value, value + 1, Outcome.UNKNOWN, called, returned));
        if (rnd.nextBoolean()) {
          value++;
        } else {
          // never applied: as the client could not know, the checker must accept both
          ops.set(ops.size() - 1, Op.cas(client, value - 1, value, Outcome.UNKNOWN, called, 0));
        }
      } else {
        boolean stale = rnd.nextInt(4) == 0;
        long expect = stale ? value - 1 : value;
        ops.add(
            Op.cas(
                client, expect, expect + 1, stale ? Outcome.FAILED : Outcome.OK, called, returned));
        if (!stale) {
          value++;
        }
      }
    }
    assertTrue(CasRegisterChecker.isLinearizable(ops, 50_000_000));
    List<Op> bad = new ArrayList<>(ops);
    bad.add(Op.read(9, value - 3, t + 100, t + 110));
    assertFalse(CasRegisterChecker.isLinearizable(bad, 50_000_000));
  }
}
