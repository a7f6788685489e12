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

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.Node;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Copy-on-write builder for the next snapshot; copies a collection only when it is modified. */
final class Mutation {
  final StateSnapshot state;
  final long index;
  final Set<Table> touched = EnumSet.noneOf(Table.class);
  Node node;
  CaState ca;
  private SortedMap<String, AgentService> services;
  private SortedMap<String, StoredCheck> checks;
  private SortedMap<String, Intention> intentions;
  private PersistentSortedMap<KvEntry> kv;
  private SortedMap<String, Session> sessions;
  private SortedMap<String, Instant> lockDelays;
  private SortedMap<String, CatalogNode> catalogNodes;
  private SortedMap<String, AclToken> aclTokens;
  private SortedMap<String, IntentionEntry> intentionEntries;
  private SortedMap<String, AclPolicy> aclPolicies;
  private SortedMap<String, AclRole> aclRoles;
  private SortedMap<String, ConfigEntry> configEntries;
  private SortedMap<String, PreparedQuery> preparedQueries;
  private StateSnapshot replacement;

  Mutation(StateSnapshot state, long index) {
    this.state = state;
    this.index = index;
    this.node = state.node();
    this.ca = state.ca();
  }

  void touch(Table t) {
    touched.add(t);
  }

  SortedMap<String, AgentService> services() {
    if (services == null) {
      services = new TreeMap<>(state.services());
    }
    return services;
  }

  /** Reads a service instance of the pending state without copying the map. */
  AgentService service(String id) {
    return services != null ? services.get(id) : state.services().get(id);
  }

  SortedMap<String, StoredCheck> checks() {
    if (checks == null) {
      checks = new TreeMap<>(state.checks());
    }
    return checks;
  }

  SortedMap<String, Intention> intentions() {
    if (intentions == null) {
      intentions = new TreeMap<>(state.intentions());
    }
    return intentions;
  }

  /** Reads the pending intentions without copying the map. */
  SortedMap<String, Intention> intentionsView() {
    return intentions != null ? intentions : state.intentions();
  }

  SortedMap<String, IntentionEntry> intentionEntries() {
    if (intentionEntries == null) {
      intentionEntries = new TreeMap<>(state.intentionEntries());
    }
    return intentionEntries;
  }

  /** Reads the pending intention entries without copying the map. */
  SortedMap<String, IntentionEntry> intentionEntriesView() {
    return intentionEntries != null ? intentionEntries : state.intentionEntries();
  }

  SortedMap<String, KvEntry> kv() {
    if (kv == null) {
      kv = PersistentSortedMap.copyOf(state.kv()).mutableCopy(); // O(1): structure is shared
    }
    return kv;
  }

  void discardKv() {
    kv = null;
  }

  SortedMap<String, Session> sessions() {
    if (sessions == null) {
      sessions = new TreeMap<>(state.sessions());
    }
    return sessions;
  }

  SortedMap<String, Instant> lockDelays() {
    if (lockDelays == null) {
      lockDelays = new TreeMap<>(state.lockDelays());
    }
    return lockDelays;
  }

  SortedMap<String, CatalogNode> catalogNodes() {
    if (catalogNodes == null) {
      catalogNodes = new TreeMap<>(state.catalogNodes());
    }
    return catalogNodes;
  }

  SortedMap<String, AclToken> aclTokens() {
    if (aclTokens == null) {
      aclTokens = new TreeMap<>(state.aclTokens());
    }
    return aclTokens;
  }

  SortedMap<String, AclPolicy> aclPolicies() {
    if (aclPolicies == null) {
      aclPolicies = new TreeMap<>(state.aclPolicies());
    }
    return aclPolicies;
  }

  SortedMap<String, AclRole> aclRoles() {
    if (aclRoles == null) {
      aclRoles = new TreeMap<>(state.aclRoles());
    }
    return aclRoles;
  }

  SortedMap<String, ConfigEntry> configEntries() {
    if (configEntries == null) {
      configEntries = new TreeMap<>(state.configEntries());
    }
    return configEntries;
  }

  SortedMap<String, PreparedQuery> preparedQueries() {
    if (preparedQueries == null) {
      preparedQueries = new TreeMap<>(state.preparedQueries());
    }
    return preparedQueries;
  }

  private static <V> SortedMap<String, V> frozen(
      SortedMap<String, V> changed, SortedMap<String, V> old) {
    return changed == null ? old : Collections.unmodifiableSortedMap(changed);
  }

  /**
   * Makes {@link #build()} return {@code next}: a state computed from {@link #state} by nested
   * mutations at this same index (a transaction whose operations see each other's writes).
   */
  void replaceWith(StateSnapshot next, Set<Table> tables) {
    replacement = next;
    touched.addAll(tables);
  }

  StateSnapshot build() {
    if (replacement != null) {
      return replacement;
    }
    Map<Table, Long> tables = new EnumMap<>(Table.class);
    tables.putAll(state.tableIndexes());
    for (Table t : touched) {
      tables.put(t, index);
    }
    return new StateSnapshot(
        index,
        tables,
        node,
        services == null ? state.services() : Collections.unmodifiableSortedMap(services),
        checks == null ? state.checks() : Collections.unmodifiableSortedMap(checks),
        intentions == null ? state.intentions() : Collections.unmodifiableSortedMap(intentions),
        ca,
        kv == null ? state.kv() : kv.freeze(),
        sessions == null ? state.sessions() : Collections.unmodifiableSortedMap(sessions),
        lockDelays == null ? state.lockDelays() : Collections.unmodifiableSortedMap(lockDelays),
        catalogNodes == null
            ? state.catalogNodes()
            : Collections.unmodifiableSortedMap(catalogNodes),
        aclTokens == null ? state.aclTokens() : Collections.unmodifiableSortedMap(aclTokens),
        intentionEntries == null
            ? state.intentionEntries()
            : Collections.unmodifiableSortedMap(intentionEntries),
        frozen(aclPolicies, state.aclPolicies()),
        frozen(aclRoles, state.aclRoles()),
        frozen(configEntries, state.configEntries()),
        frozen(preparedQueries, state.preparedQueries()));
  }
}
