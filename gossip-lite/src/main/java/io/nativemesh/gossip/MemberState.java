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
package io.nativemesh.gossip;

/**
 * A member's state as memberlist tracks it; the ordinal is memberlist's push/pull state code.
 *
 * @since 0.1.0
 */
public enum MemberState {
  /** Answering probes. */
  ALIVE,
  /** Missed a probe; will be declared {@link #DEAD} unless it refutes in time. */
  SUSPECT,
  /** Failed: the suspicion timed out (or another member declared it dead). */
  DEAD,
  /** Left the pool cleanly. */
  LEFT;

  /** The state for memberlist's numeric code (0..3). */
  public static MemberState fromCode(int code) {
    MemberState[] v = values();
    if (code < 0 || code >= v.length) {
      throw new IllegalArgumentException("unknown state " + code);
    }
    return v[code];
  }
}
