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

import java.util.Map;
import java.util.Objects;

/**
 * A config entry of any kind other than {@code service-intentions} (Consul: {@code /v1/config};
 * {@code service-intentions} entries live with the intentions, see {@link IntentionEntry}).
 * Immutable; the body is never modified after construction.
 *
 * @param kind e.g. {@code service-defaults}
 * @param name the entry name
 * @param body the entry's fields as the client sent them (JSON object), without {@code Kind},
 *     {@code Name} and the indexes
 * @param createIndex index of creation
 * @param modifyIndex index of last modification
 */
public record ConfigEntry(
    String kind, String name, Map<String, Object> body, long createIndex, long modifyIndex) {
  /** Checks the names; a null body is empty. */
  public ConfigEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    body = body == null ? Map.of() : body;
  }

  /**
   * @param kind a kind
   * @param name a name
   * @return the key of that entry in {@link StateSnapshot#configEntries()}
   */
  public static String key(String kind, String name) {
    return kind + '/' + name;
  }
}
