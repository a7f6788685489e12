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

/** Prepared query commands applied to a {@link Mutation}. Stateless. */
final class PreparedQueryMachine {
  private PreparedQueryMachine() {}

  static PreparedQuery upsert(Mutation m, Command.UpsertPreparedQuery c) {
    PreparedQuery q = c.query();
    for (PreparedQuery o : m.state.preparedQueries().values()) {
      if (!q.name().isEmpty() && o.name().equals(q.name()) && !o.id().equals(q.id())) {
        throw new IllegalStateException("a prepared query named " + q.name() + " already exists");
      }
    }
    PreparedQuery old = m.state.preparedQueries().get(q.id());
    PreparedQuery stored = q.withIndexes(old == null ? m.index : old.createIndex(), m.index);
    m.preparedQueries().put(stored.id(), stored);
    m.touch(Table.PREPARED_QUERIES);
    return stored;
  }

  static Boolean delete(Mutation m, Command.DeletePreparedQuery c) {
    if (!m.state.preparedQueries().containsKey(c.id())) {
      return false;
    }
    m.preparedQueries().remove(c.id());
    m.touch(Table.PREPARED_QUERIES);
    return true;
  }
}
