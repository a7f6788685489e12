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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Applies a {@link Command.CatalogTxn} (Consul: {@code agent/consul/state/txn.go}): the operations
 * run one after another, each seeing the ones before it; if any fails nothing is kept and every
 * failure is reported with its operation index. Stateless.
 */
final class CatalogTxnMachine {
  private CatalogTxnMachine() {}

  /** An operation's failure, with Consul's wording. */
  private static final class OpFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OpFailed(String what) {
      super(what, null, false, false);
    }
  }

  static CatalogTxnResult apply(Mutation m, Command.CatalogTxn c) {
    StateSnapshot s = m.state;
    Set<Table> touched = EnumSet.noneOf(Table.class);
    List<TxnOp.Item> results = new ArrayList<>();
    List<TxnResult.TxnError> errors = new ArrayList<>();
    for (int i = 0; i < c.ops().size(); i++) {
      Mutation step = new Mutation(s, m.index);
      TxnOp.Item item;
      try {
        item = one(step, c.ops().get(i), c);
      } catch (OpFailed | IllegalStateException e) {
        errors.add(new TxnResult.TxnError(i, e.getMessage()));
        continue;
      }
      results.add(item);
      touched.addAll(step.touched);
      s = step.build();
    }
    if (!errors.isEmpty()) {
      return new CatalogTxnResult(List.of(), errors);
    }
    m.replaceWith(s, touched);
    return new CatalogTxnResult(results, List.of());
  }

  private static TxnOp.Item one(Mutation m, TxnOp op, Command.CatalogTxn c) {
    if (op.kv() != null) {
      TxnResult r = KvMachine.txn(m, new Command.Txn(List.of(op.kv()), c.now()));
      if (!r.ok()) {
        throw new OpFailed(r.errors().get(0).what());
      }
      return new TxnOp.Item(r.results().get(0), null, null, null);
    }
    if (op.node() != null) {
      return node(m, op.node());
    }
    if (op.service() != null) {
      return service(m, op.service());
    }
    return check(m, op.check());
  }

  private static Node nodeOf(StateSnapshot s, String name) {
    NodeView v = s.nodeView(name);
    return v == null ? null : v.node();
  }

  /**
   * One catalog verb on one object: {@code get} returns {@code old} (an error when absent); {@code
   * set}/{@code cas} check the index, write, and return what {@code written} then reads; deletes
   * check the index and delete what exists.
   */
  private static <T> T verb(
      TxnOp.Verb verb,
      long casIndex,
      T old,
      ToLongFunction<T> modifyIndex,
      String what,
      Runnable write,
      Supplier<T> written,
      Runnable delete) {
    if (verb == TxnOp.Verb.GET) {
      if (old == null) {
        throw new OpFailed(what + " doesn't exist");
      }
      return old;
    }
    boolean set = verb == TxnOp.Verb.SET || verb == TxnOp.Verb.CAS;
    if ((verb == TxnOp.Verb.CAS || verb == TxnOp.Verb.DELETE_CAS)
        && (casIndex == 0
            ? old != null
            : old == null || casIndex != modifyIndex.applyAsLong(old))) {
      throw new OpFailed("failed to " + (set ? "set " : "delete ") + what + ", index is stale");
    }
    if (set) {
      write.run();
      return written.get();
    }
    if (old != null) {
      delete.run();
    }
    return null;
  }

  private static TxnOp.Item node(Mutation m, TxnOp.NodeOp op) {
    String name = op.node().node();
    Node n =
        verb(
            op.verb(),
            op.index(),
            nodeOf(m.state, name),
            Node::modifyIndex,
            "node \"" + name + "\"",
            () ->
                CatalogMachine.register(
                    m, new Command.CatalogRegister(op.node(), null, List.of(), false)),
            () -> nodeOf(m.build(), name),
            () -> CatalogMachine.deregister(m, new Command.CatalogDeregister(name, null, null)));
    return new TxnOp.Item(null, n, null, null);
  }

  private static Node requireNode(Mutation m, String name) {
    Node node = nodeOf(m.state, name);
    if (node == null) {
      throw new OpFailed("node \"" + name + "\" doesn't exist");
    }
    return node;
  }

  private static AgentService serviceOf(StateSnapshot s, String node, String id) {
    for (AgentService a : s.nodeView(node).services()) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    return null;
  }

  private static TxnOp.Item service(Mutation m, TxnOp.ServiceOp op) {
    Node node = requireNode(m, op.node());
    String id = op.service().id();
    AgentService a =
        verb(
            op.verb(),
            op.index(),
            serviceOf(m.state, op.node(), id),
            AgentService::modifyIndex,
            "service \"" + id + "\" on node \"" + op.node() + "\"",
            () ->
                CatalogMachine.register(
                    m, new Command.CatalogRegister(node, op.service(), List.of(), true)),
            () -> serviceOf(m.build(), op.node(), id),
            () -> CatalogMachine.deregister(m, new Command.CatalogDeregister(op.node(), id, null)));
    return new TxnOp.Item(null, null, a, null);
  }

  private static HealthCheck checkOf(StateSnapshot s, String node, String id) {
    for (HealthCheck h : s.nodeView(node).checks()) {
      if (h.checkId().equals(id)) {
        return h;
      }
    }
    return null;
  }

  private static TxnOp.Item check(Mutation m, TxnOp.CheckOp op) {
    HealthCheck h = op.check();
    Node node = requireNode(m, h.node());
    if (op.verb() != TxnOp.Verb.GET
        && StateMachine.SERF_HEALTH.equals(h.checkId())
        && m.state.node() != null
        && m.state.node().node().equals(h.node())) {
      throw new OpFailed("the agent's serfHealth check is managed by the server");
    }
    HealthCheck c =
        verb(
            op.verb(),
            op.index(),
            checkOf(m.state, h.node(), h.checkId()),
            HealthCheck::modifyIndex,
            "check \"" + h.checkId() + "\" on node \"" + h.node() + "\"",
            () ->
                CatalogMachine.register(
                    m, new Command.CatalogRegister(node, null, List.of(h), true)),
            () -> checkOf(m.build(), h.node(), h.checkId()),
            () ->
                CatalogMachine.deregister(
                    m, new Command.CatalogDeregister(h.node(), null, h.checkId())));
    return new TxnOp.Item(null, null, null, c);
  }
}
