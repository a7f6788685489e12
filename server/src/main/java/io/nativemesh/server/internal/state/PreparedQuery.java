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
 * A prepared query (Consul: {@code /v1/query}). Immutable; the definition is never modified after
 * construction.
 *
 * @param id the query UUID
 * @param name its name (may be empty; unique when set)
 * @param definition the query's fields ({@code Service}, {@code DNS}, {@code Session}, {@code
 *     Token}, …) as validated by the endpoint, without {@code ID}, {@code Name} and the indexes
 * @param createIndex index of creation
 * @param modifyIndex index of last modification
 */
public record PreparedQuery(
    String id, String name, Map<String, Object> definition, long createIndex, long modifyIndex) {
  /** Checks the ID; a null name is empty. */
  public PreparedQuery {
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    definition = definition == null ? Map.of() : definition;
  }

  /**
   * @param create creation index
   * @param modify modification index
   * @return this query with the indexes
   */
  public PreparedQuery withIndexes(long create, long modify) {
    return new PreparedQuery(id, name, definition, create, modify);
  }
}
