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
package io.nativemesh.server.internal.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stored KV pair (Consul: {@code structs.DirEntry}). Immutable; the value array is never mutated
 * after construction.
 *
 * @param key the key (no leading slash)
 * @param flags opaque client flags
 * @param value the value; null for a key stored with an empty body ({@code Value: null})
 * @param session the ID of the session holding the lock, or null
 * @param lockIndex how many times the lock was acquired
 * @param createIndex index of creation
 * @param modifyIndex index of the last change
 */
public record KvEntry(
    String key,
    long flags,
    byte[] value,
    String session,
    long lockIndex,
    long createIndex,
    long modifyIndex) {
  /** Validates the key. */
  public KvEntry {
    Objects.requireNonNull(key, "key");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvEntry e
        && e.key.equals(key)
        && e.flags == flags
        && Arrays.equals(e.value, value)
        && Objects.equals(e.session, session)
        && e.lockIndex == lockIndex
        && e.createIndex == createIndex
        && e.modifyIndex == modifyIndex;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, modifyIndex);
  }

  @Override
  public String toString() {
    return "KvEntry["
        + key
        + ", flags="
        + flags
        + ", "
        + (value == null ? "null" : value.length + " bytes")
        + ", session="
        + session
        + ", lockIndex="
        + lockIndex
        + ", "
        + createIndex
        + "/"
        + modifyIndex
        + "]";
  }
}
