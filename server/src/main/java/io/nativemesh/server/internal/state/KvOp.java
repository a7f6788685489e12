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

import java.util.Objects;

/**
 * One KV operation of a transaction (Consul: {@code api.KVTxnOp}, verbs of {@code PUT /v1/txn};
 * single KV writes are one-operation transactions). Immutable.
 *
 * @param verb the verb
 * @param key the key (prefix for the tree verbs)
 * @param value the value for set-like verbs (null = nil value)
 * @param flags flags for set-like verbs
 * @param index the index for {@code cas}, {@code check-index}, {@code delete-cas}
 * @param session the session for {@code lock}, {@code unlock}, {@code check-session}
 */
public record KvOp(KvVerb verb, String key, byte[] value, long flags, long index, String session) {
  /** Requires a verb. */
  public KvOp {
    Objects.requireNonNull(verb, "verb");
  }
}
