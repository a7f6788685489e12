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

/**
 * One operation on the single register of a history: a read, or a compare-and-set from {@code
 * expect} to {@code value}. Times are {@link System#nanoTime()} at the call and at the return; an
 * operation whose outcome the client never learned (timeout, reset, its server killed) has {@code
 * returned == Long.MAX_VALUE} and {@code outcome == UNKNOWN}: it may have taken effect at any point
 * after its call, or never.
 *
 * @param client the client that issued it
 * @param kind read or compare-and-set
 * @param expect the value a CAS expects (unused for reads)
 * @param value what a read returned, or what a CAS writes
 * @param outcome for a CAS: applied, refused or unknown; for a read: OK or UNKNOWN
 * @param called nanoTime at the call
 * @param returned nanoTime at the return, or {@code Long.MAX_VALUE}
 */
record Op(
    int client, Kind kind, long expect, long value, Outcome outcome, long called, long returned) {
  /** The operation kinds of the register model. */
  enum Kind {
    READ,
    CAS
  }

  /** What the client learned. */
  enum Outcome {
    OK,
    FAILED,
    UNKNOWN
  }

  static Op read(int client, long value, long called, long returned) {
    return new Op(client, Kind.READ, 0, value, Outcome.OK, called, returned);
  }

  static Op cas(int client, long expect, long value, Outcome outcome, long called, long returned) {
    return new Op(
        client,
        Kind.CAS,
        expect,
        value,
        outcome,
        called,
        outcome == Outcome.UNKNOWN ? Long.MAX_VALUE : returned);
  }
}
