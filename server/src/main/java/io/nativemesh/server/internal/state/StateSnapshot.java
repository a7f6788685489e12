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

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.intention.IntentionPrecedence;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One immutable version of the whole state, published atomically after each command. Readers take a
 * snapshot and never lock; all collections are unmodifiable. Thread-safe.
 *
 * @param index the index of the last applied command (0 before the first)
 * @param tableIndexes per table, the index of the last command that modified it (absent = 0)
 * @param node the catalog node, null before bootstrap
 * @param services service instances by ID
 * @param checks checks by check ID (node and service checks)
 * @param intentions intentions by {@link #intentionKey(String, String)}
 * @param ca the CA state, null before bootstrap
 * @param kv KV entries by key
 * @param sessions sessions by ID
 * @param lockDelays per key, until when a lock may not be acquired (Consul: lock-delay after a
 *     session holding the key was invalidated); expired entries may linger and are ignored
 * @param catalogNodes nodes registered through the catalog API (not the agent's node), by name
 * @param aclTokens ACL tokens by accessor ID
 * @param intentionEntries {@code service-intentions} config entries by destination name; their
 *     sources are the {@link #intentions} of that destination (see {@link IntentionEntry})
 * @param aclPolicies ACL policies by ID (omitted from the stored JSON when empty, like the three
 *     tables after it, so snapshots written before they existed re-encode as they were)
 * @param aclRoles ACL roles by ID
 * @param configEntries config entries other than {@code service-intentions}, by {@link
 *     ConfigEntry#key(String, String)}
 * @param preparedQueries prepared queries by ID
 */
public record StateSnapshot(
    long index,
    Map<Table, Long> tableIndexes,
    Node node,
    SortedMap<String, AgentService> services,
    SortedMap<String, StoredCheck> checks,
    SortedMap<String, Intention> intentions,
    CaState ca,
    SortedMap<String, KvEntry> kv,
    SortedMap<String, Session> sessions,
    SortedMap<String, Instant> lockDelays,
    SortedMap<String, CatalogNode> catalogNodes,
    SortedMap<String, AclToken> aclTokens,
    SortedMap<String, IntentionEntry> intentionEntries,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, AclPolicy> aclPolicies,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, AclRole> aclRoles,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, ConfigEntry> configEntries,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, PreparedQuery> preparedQueries) {

  /**
   * Copies the (small) table index map. The other maps must already be unmodifiable views that no
   * one mutates; they are shared between snapshots (copy-on-write in {@link StateMachine}).
   */
  public StateSnapshot {
    Map<Table, Long> t = new EnumMap<>(Table.class);
    t.putAll(tableIndexes);
    tableIndexes = Collections.unmodifiableMap(t);
    kv = PersistentSortedMap.copyOf(kv == null ? Map.of() : kv); // O(1) when it already is one
    // snapshots written before these tables existed decode them as null
    catalogNodes = catalogNodes == null ? emptyMap() : catalogNodes;
    aclTokens = aclTokens == null ? emptyMap() : aclTokens;
    intentionEntries = intentionEntries == null ? entriesOf(intentions) : intentionEntries;
    aclPolicies = aclPolicies == null ? emptyMap() : aclPolicies;
    aclRoles = aclRoles == null ? emptyMap() : aclRoles;
    configEntries = configEntries == null ? emptyMap() : configEntries;
    preparedQueries = preparedQueries == null ? emptyMap() : preparedQueries;
  }

  /**
   * Snapshots written before config entries existed: one entry per destination, indexes from its
   * intentions.
   */
  private static SortedMap<String, IntentionEntry> entriesOf(Map<String, Intention> intentions) {
    SortedMap<String, IntentionEntry> out = new TreeMap<>();
    for (Intention i : intentions.values()) {
      IntentionEntry e = out.get(i.destinationName());
      out.put(
          i.destinationName(),
          new IntentionEntry(
              i.destinationName(),
              null,
              e == null ? i.createIndex() : Math.min(e.createIndex(), i.createIndex()),
              e == null ? i.modifyIndex() : Math.max(e.modifyIndex(), i.modifyIndex())));
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /**
   * @return the state before any command
   */
  public static StateSnapshot empty() {
    return new StateSnapshot(
        0,
        Map.of(),
        null,
        emptyMap(),
        emptyMap(),
        emptyMap(),
        null,
        emptyMap(),
        emptyMap(),
        emptyMap(),
        emptyMap(),
        emptyMap(),
        emptyMap(),
        emptyMap(),
        emptyMap(),
        emptyMap(),
        emptyMap());
  }

  private static <V> SortedMap<String, V> emptyMap() {
    return Collections.unmodifiableSortedMap(new TreeMap<>());
  }

  /**
   * Consul API: the index of a KV read is the maximum {@code ModifyIndex} of the entries it
   * returns, or the KVS table index when it returns nothing.
   *
   * @param prefix a key prefix
   * @return the entries under the prefix, in key order
   */
  public SortedMap<String, KvEntry> kvPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return kv;
    }
    return kv.subMap(prefix, prefix + Character.MAX_VALUE);
  }

  /**
   * @param source source name
   * @param destination destination name
   * @return the map key of the intention for (source, destination) in the default namespace
   */
  public static String intentionKey(String source, String destination) {
    return source + '\u0000' + destination;
  }

  /**
   * @param tables the tables a query reads
   * @return the maximum modify index of those tables (0 if none was written yet; callers coerce to
   *     1)
   */
  public long indexOf(Table... tables) {
    long max = 0;
    for (Table t : tables) {
      max = Math.max(max, tableIndexes.getOrDefault(t, 0L));
    }
    return max;
  }

  /**
   * @param serviceName a service name
   * @return the instances of that service, ordered by instance ID
   */
  public List<AgentService> instancesOf(String serviceName) {
    List<AgentService> out = new ArrayList<>();
    for (AgentService s : services.values()) {
      if (s.service().equals(serviceName)) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * @param serviceId an instance ID
   * @return the node checks followed by the instance's checks, each group ordered by check ID
   */
  public List<HealthCheck> checksForInstance(String serviceId) {
    List<HealthCheck> nodeChecks = new ArrayList<>();
    List<HealthCheck> serviceChecks = new ArrayList<>();
    for (StoredCheck c : checks.values()) {
      String owner = c.check().serviceId();
      if (owner == null || owner.isEmpty()) {
        nodeChecks.add(c.check());
      } else if (owner.equals(serviceId)) {
        serviceChecks.add(c.check());
      }
    }
    nodeChecks.addAll(serviceChecks);
    return nodeChecks;
  }

  /**
   * @return every catalog node (the agent's first, then catalog-registered ones by name)
   */
  public List<NodeView> nodeViews() {
    List<NodeView> out = new ArrayList<>(1 + catalogNodes.size());
    if (node != null) {
      out.add(agentNodeView());
    }
    for (CatalogNode n : catalogNodes.values()) {
      out.add(new NodeView(n.node(), n.services().values(), List.copyOf(n.checks().values())));
    }
    return out;
  }

  /**
   * @param name a node name
   * @return that node's view, or null when unknown
   */
  public NodeView nodeView(String name) {
    if (node != null && node.node().equals(name)) {
      return agentNodeView();
    }
    CatalogNode n = catalogNodes.get(name);
    return n == null
        ? null
        : new NodeView(n.node(), n.services().values(), List.copyOf(n.checks().values()));
  }

  private NodeView agentNodeView() {
    List<HealthCheck> hc = new ArrayList<>(checks.size());
    for (StoredCheck c : checks.values()) {
      hc.add(c.check());
    }
    if (services.containsKey(ConsulService.ID)) {
      return new NodeView(node, services.values(), hc);
    }
    SortedMap<String, AgentService> withConsul = new TreeMap<>(services);
    withConsul.put(ConsulService.ID, ConsulService.of(node));
    return new NodeView(node, withConsul.values(), hc);
  }

  /**
   * @param source source name
   * @param destination destination name
   * @return the exact intention, or null
   */
  public Intention intention(String source, String destination) {
    return intentions.get(intentionKey(source, destination));
  }

  /**
   * Consul API: intention match {@code by=destination} — intentions whose destination is the name
   * or {@code *}, in evaluation order.
   *
   * @param destination destination service name
   * @return matching intentions, highest precedence first
   */
  public List<Intention> intentionsForDestination(String destination) {
    List<Intention> out = new ArrayList<>();
    for (Intention i : intentions.values()) {
      if (IntentionMatcher.destinationMatches(i, "default", destination)) {
        out.add(i);
      }
    }
    out.sort(IntentionPrecedence.EVALUATION_ORDER);
    return out;
  }

  /**
   * Consul API: intention match {@code by=source} — intentions whose source is the name or {@code
   * *}, in evaluation order.
   *
   * @param source source service name
   * @return matching intentions, highest precedence first
   */
  public List<Intention> intentionsForSource(String source) {
    List<Intention> out = new ArrayList<>();
    for (Intention i : intentions.values()) {
      boolean ns =
          i.sourceNs() == null
              || "default".equals(i.sourceNs())
              || IntentionPrecedence.WILDCARD.equals(i.sourceNs());
      boolean name =
          IntentionPrecedence.WILDCARD.equals(i.sourceName())
              || i.sourceName().equalsIgnoreCase(source);
      if (ns && name) {
        out.add(i);
      }
    }
    out.sort(IntentionPrecedence.EVALUATION_ORDER);
    return out;
  }

  /**
   * @param id an intention ID
   * @return the intention with that ID, or null
   */
  public Intention intentionById(String id) {
    return intentionById(intentions, id);
  }

  static Intention intentionById(Map<String, Intention> intentions, String id) {
    for (Intention i : intentions.values()) {
      if (i.id().equals(id)) {
        return i;
      }
    }
    return null;
  }

  /**
   * The sources of a {@code service-intentions} config entry.
   *
   * @param destination a destination name or {@code *}, matched literally (no wildcard expansion)
   * @return the intentions with exactly that destination, in evaluation order
   */
  public List<Intention> intentionsWithDestination(String destination) {
    return intentionsWithDestination(intentions, destination);
  }

  static List<Intention> intentionsWithDestination(
      Map<String, Intention> intentions, String destination) {
    List<Intention> out = new ArrayList<>();
    for (Intention i : intentions.values()) {
      if (i.destinationName().equals(destination)) {
        out.add(i);
      }
    }
    out.sort(IntentionPrecedence.EVALUATION_ORDER);
    return out;
  }

  /**
   * @return every intention in evaluation order
   */
  public List<Intention> allIntentions() {
    List<Intention> out = new ArrayList<>(intentions.values());
    out.sort(IntentionPrecedence.EVALUATION_ORDER);
    return out;
  }
}
