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
 * Membership and message callbacks. All methods are invoked on one dedicated event thread, in the
 * order the changes were applied, never while internal locks are held; a slow listener delays later
 * events but not the protocol. Exceptions thrown by a listener are logged and ignored.
 *
 * @since 0.1.0
 */
public interface GossipListener {
  /** A member became alive (new, or back after dead/left). */
  default void onJoin(Member member) {}

  /** An alive member's metadata (or address after a reclaim) changed. */
  default void onUpdate(Member member) {}

  /** A member left the pool cleanly (it gossiped its own departure). */
  default void onLeave(Member member) {}

  /** A member was declared dead (its suspicion timed out here or elsewhere). */
  default void onFail(Member member) {}

  /**
   * A user message arrived (UDP broadcast or reliable TCP message); the array is owned by the
   * callee.
   */
  default void onMessage(byte[] payload) {}
}
