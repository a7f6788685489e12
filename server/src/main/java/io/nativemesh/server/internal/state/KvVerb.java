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

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The verb of a {@link KvOp} (Consul: {@code api.KVOp}, the {@code Verb} of a {@code PUT /v1/txn}
 * KV operation). The {@link #wireName()} is both Consul's spelling and what the command log stores,
 * so it never changes (docs/server-state-format.md).
 */
public enum KvVerb {
  /** Writes the value and flags; a held lock stays held. */
  SET("set", true, false),
  /** {@link #SET} if the modify index equals the op's index (0: only if absent). */
  CAS("cas", true, false),
  /** Acquires the lock for the op's session and writes the value. */
  LOCK("lock", true, false),
  /** Releases the op's session's lock and writes the value. */
  UNLOCK("unlock", true, false),
  /** Reads a key; fails if absent. */
  GET("get", false, true),
  /** Reads a key; no entry if absent. */
  GET_OR_EMPTY("get-or-empty", false, true),
  /** Reads every key under the prefix. */
  GET_TREE("get-tree", false, true),
  /** Fails unless the key's modify index equals the op's index. */
  CHECK_INDEX("check-index", false, false),
  /** Fails unless the key is locked by the op's session. */
  CHECK_SESSION("check-session", false, false),
  /** Fails if the key exists. */
  CHECK_NOT_EXISTS("check-not-exists", false, false),
  /** Deletes a key (absent is fine). */
  DELETE("delete", true, false),
  /** Deletes every key under the prefix. */
  DELETE_TREE("delete-tree", true, false),
  /** Deletes a key if its modify index equals the op's index (absent is fine). */
  DELETE_CAS("delete-cas", true, false);

  private final String wireName;
  private final boolean write;
  private final boolean read;

  KvVerb(String wireName, boolean write, boolean read) {
    this.wireName = wireName;
    this.write = write;
    this.read = read;
  }

  /**
   * @return Consul's spelling, e.g. {@code delete-tree}; also the logged form
   */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /**
   * @return true if the verb may change the KV table
   */
  public boolean isWrite() {
    return write;
  }

  /**
   * @return true for the {@code get} verbs, whose results carry values
   */
  public boolean isRead() {
    return read;
  }

  /**
   * @param wireName a verb as Consul spells it
   * @return the verb, or null if there is none by that name
   */
  public static KvVerb fromWireName(String wireName) {
    for (KvVerb v : values()) {
      if (v.wireName.equals(wireName)) {
        return v;
      }
    }
    return null;
  }

  /**
   * Decodes a logged verb.
   *
   * @param wireName a verb as Consul spells it
   * @return the verb
   * @throws IllegalArgumentException naming the value if there is no such verb
   */
  @JsonCreator
  static KvVerb decode(String wireName) {
    KvVerb v = fromWireName(wireName);
    if (v == null) {
      throw new IllegalArgumentException("unknown KV verb \"" + wireName + "\"");
    }
    return v;
  }
}
