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
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Node;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Catalog and single-check commands of the {@link StateMachine}. Stateless. */
final class CatalogMachine {
  private CatalogMachine() {}

  private static boolean isAgentNode(Mutation m, String name) {
    return m.node != null && m.node.node().equals(name);
  }

  static Void register(Mutation m, Command.CatalogRegister c) {
    Node n = c.node();
    if (isAgentNode(m, n.node())) {
      registerOnAgentNode(m, c);
      return null;
    }
    CatalogNode old = m.state.catalogNodes().get(n.node());
    Node node;
    if (old != null && c.skipNodeUpdate()) {
      node = old.node();
    } else {
      long create = old == null ? m.index : old.node().createIndex();
      node =
          new Node(
              n.id(),
              n.node(),
              n.address(),
              n.datacenter(),
              n.taggedAddresses(),
              n.meta(),
              create,
              m.index);
      m.touch(Table.NODES);
    }
    SortedMap<String, AgentService> services =
        new TreeMap<>(old == null ? new TreeMap<>() : old.services());
    SortedMap<String, HealthCheck> checks =
        new TreeMap<>(old == null ? new TreeMap<>() : old.checks());
    if (c.service() != null) {
      AgentService s = c.service();
      AgentService prev = services.get(s.id());
      services.put(s.id(), withIndexes(s, prev == null ? m.index : prev.createIndex(), m.index));
      m.touch(Table.SERVICES);
    }
    for (HealthCheck h : c.checks()) {
      AgentService owner = null;
      if (h.serviceId() != null && !h.serviceId().isEmpty()) {
        owner = services.get(h.serviceId());
        if (owner == null) {
          throw new IllegalStateException(
              "Failed to lookup service \"" + h.serviceId() + "\" on node \"" + n.node() + "\"");
        }
      }
      HealthCheck prev = checks.get(h.checkId());
      checks.put(
          h.checkId(),
          check(h, n.node(), owner, prev == null ? m.index : prev.createIndex(), m.index));
      m.touch(Table.CHECKS);
    }
    m.catalogNodes().put(n.node(), new CatalogNode(node, services, checks));
    return null;
  }

  private static void registerOnAgentNode(Mutation m, Command.CatalogRegister c) {
    if (c.service() != null) {
      AgentService s = c.service();
      AgentService prev = m.state.services().get(s.id());
      m.services()
          .put(s.id(), withIndexes(s, prev == null ? m.index : prev.createIndex(), m.index));
      m.touch(Table.SERVICES);
    }
    for (HealthCheck h : c.checks()) {
      registerCheck(m, new StoredCheck(h, null));
    }
  }

  static Void registerCheck(Mutation m, StoredCheck sc) {
    HealthCheck h = sc.check();
    AgentService owner = null;
    if (h.serviceId() != null && !h.serviceId().isEmpty()) {
      owner = m.service(h.serviceId());
      if (owner == null) {
        throw new IllegalStateException("ServiceID \"" + h.serviceId() + "\" does not exist");
      }
    }
    StoredCheck prev = m.state.checks().get(h.checkId());
    long create = prev == null ? m.index : prev.check().createIndex();
    m.checks()
        .put(
            h.checkId(),
            new StoredCheck(check(h, m.node.node(), owner, create, m.index), sc.ttl(), sc.spec()));
    m.touch(Table.CHECKS);
    return null;
  }

  static Boolean deregisterCheck(Mutation m, String checkId) {
    if (!m.state.checks().containsKey(checkId)) {
      return Boolean.FALSE;
    }
    m.checks().remove(checkId);
    m.touch(Table.CHECKS);
    return Boolean.TRUE;
  }

  static Boolean deregister(Mutation m, Command.CatalogDeregister c) {
    if (isAgentNode(m, c.node())) {
      return deregisterOnAgentNode(m, c);
    }
    CatalogNode old = m.state.catalogNodes().get(c.node());
    if (old == null) {
      return Boolean.FALSE;
    }
    if (c.serviceId() == null && c.checkId() == null) {
      m.catalogNodes().remove(c.node());
      m.touch(Table.NODES);
      m.touch(Table.SERVICES);
      m.touch(Table.CHECKS);
      return Boolean.TRUE;
    }
    SortedMap<String, AgentService> services = new TreeMap<>(old.services());
    SortedMap<String, HealthCheck> checks = new TreeMap<>(old.checks());
    boolean removed = false;
    if (c.serviceId() != null && services.remove(c.serviceId()) != null) {
      checks.values().removeIf(h -> c.serviceId().equals(h.serviceId()));
      m.touch(Table.SERVICES);
      m.touch(Table.CHECKS);
      removed = true;
    }
    if (c.checkId() != null && checks.remove(c.checkId()) != null) {
      m.touch(Table.CHECKS);
      removed = true;
    }
    if (removed) {
      m.catalogNodes().put(c.node(), new CatalogNode(old.node(), services, checks));
    }
    return removed;
  }

  private static boolean deregisterOnAgentNode(Mutation m, Command.CatalogDeregister c) {
    boolean removed = false;
    if (c.serviceId() == null && c.checkId() == null) {
      // the agent owns its node record (anti-entropy would re-add it): drop everything registered
      // on it
      if (!m.state.services().isEmpty()) {
        m.services().clear();
        m.touch(Table.SERVICES);
        removed = true;
      }
      if (m.checks().keySet().removeIf(id -> !StateMachine.SERF_HEALTH.equals(id))) {
        m.touch(Table.CHECKS);
        removed = true;
      }
      return removed;
    }
    if (c.serviceId() != null && m.state.services().containsKey(c.serviceId())) {
      m.services().remove(c.serviceId());
      m.checks().values().removeIf(sc -> c.serviceId().equals(sc.check().serviceId()));
      m.touch(Table.SERVICES);
      m.touch(Table.CHECKS);
      removed = true;
    }
    if (c.checkId() != null && m.state.checks().containsKey(c.checkId())) {
      m.checks().remove(c.checkId());
      m.touch(Table.CHECKS);
      removed = true;
    }
    return removed;
  }

  /**
   * A copy of {@code s} as the state stores it: the given create and modify indexes, no content
   * hash. Shared by catalog and agent registration.
   */
  static AgentService withIndexes(AgentService s, long create, long modify) {
    return new AgentService(
        s.kind(),
        s.id(),
        s.service(),
        s.tags(),
        s.address(),
        s.meta(),
        s.port(),
        s.weights(),
        s.enableTagOverride(),
        s.connect(),
        s.datacenter(),
        null,
        create,
        modify,
        s.proxy());
  }

  private static HealthCheck check(
      HealthCheck h, String node, AgentService owner, long create, long modify) {
    String sid = owner == null ? "" : owner.id();
    String sname = owner == null ? "" : owner.service();
    List<String> tags = owner == null ? List.of() : owner.tags();
    return new HealthCheck(
        node,
        h.checkId(),
        h.name(),
        h.status(),
        h.notes(),
        h.output(),
        sid,
        sname,
        tags,
        h.type(),
        create,
        modify);
  }
}
