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
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The deterministic state machine (Consul: the Raft FSM): a pure function from (state, index,
 * command) to the next state. It never reads a clock, a random source or anything outside its
 * arguments, so replaying a log reproduces the state exactly. Each command type has its own typed
 * handler method ({@link Command.Handler}); the compiler checks that none is missing. Stateless and
 * thread-safe.
 */
public final class StateMachine {

  /**
   * The outcome of one command.
   *
   * @param next the new state (the same instance when nothing changed except the index)
   * @param touched tables whose modify index is now {@code next.index()}
   * @param result the command's result (see {@link Command}); null for commands without one
   * @param <R> the command's result type
   */
  public record Transition<R>(StateSnapshot next, Set<Table> touched, R result) {}

  /** The check ID of the node's serf health check (Consul API: {@code serfHealth}). */
  public static final String SERF_HEALTH = "serfHealth";

  /**
   * Applies a command.
   *
   * @param state the current state
   * @param index the index assigned to the command; must be {@code state.index() + 1}
   * @param command the command
   * @param <R> the command's result type
   * @return the transition
   * @throws IllegalArgumentException if the index is not the next one
   * @throws IllegalStateException if the command violates an invariant (e.g. CA bootstrapped twice)
   */
  public <R> Transition<R> apply(StateSnapshot state, long index, Command<R> command) {
    if (command instanceof Command.Restore r) {
      if (index != r.indexAfter(state.index())) {
        throw new IllegalArgumentException(
            "restore index " + index + " is not " + r.indexAfter(state.index()));
      }
      return new Transition<>(restored(r.state(), index), EnumSet.allOf(Table.class), null);
    }
    if (index != state.index() + 1) {
      throw new IllegalArgumentException("index " + index + " does not follow " + state.index());
    }
    Mutation m = new Mutation(state, index);
    R result = command.applyTo(new Applier(m));
    return new Transition<>(m.build(), m.touched, result);
  }

  /** The saved state re-stamped at {@code index}, every table modified at it. */
  private static StateSnapshot restored(StateSnapshot saved, long index) {
    Map<Table, Long> tables = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      tables.put(t, index);
    }
    return new StateSnapshot(
        index,
        tables,
        saved.node(),
        saved.services(),
        saved.checks(),
        saved.intentions(),
        saved.ca(),
        saved.kv(),
        saved.sessions(),
        saved.lockDelays(),
        saved.catalogNodes(),
        saved.aclTokens(),
        saved.intentionEntries(),
        saved.aclPolicies(),
        saved.aclRoles(),
        saved.configEntries(),
        saved.preparedQueries());
  }

  /** Applies one command to one mutation; the methods delegate to the per-area machines. */
  private static final class Applier implements Command.Handler {
    private final Mutation m;

    Applier(Mutation m) {
      this.m = m;
    }

    @Override
    public Void restore(Command.Restore c) {
      throw new IllegalStateException("a restore replaces the state; it is not a mutation");
    }

    @Override
    public Void registerNode(Command.RegisterNode c) {
      return StateMachine.registerNode(m, c);
    }

    @Override
    public Void registerService(Command.RegisterService c) {
      return StateMachine.registerService(m, c);
    }

    @Override
    public Boolean deregisterService(Command.DeregisterService c) {
      return StateMachine.deregisterService(m, c);
    }

    @Override
    public Boolean updateCheck(Command.UpdateCheck c) {
      return StateMachine.updateCheck(m, c);
    }

    @Override
    public Intention upsertIntention(Command.UpsertIntention c) {
      return IntentionMachine.upsert(m, c);
    }

    @Override
    public Boolean deleteIntention(Command.DeleteIntention c) {
      return IntentionMachine.delete(m, c);
    }

    @Override
    public IntentionWrite createIntention(Command.CreateIntention c) {
      return IntentionMachine.create(m, c);
    }

    @Override
    public IntentionWrite updateIntention(Command.UpdateIntention c) {
      return IntentionMachine.update(m, c);
    }

    @Override
    public Boolean deleteIntentionById(Command.DeleteIntentionById c) {
      return IntentionMachine.deleteById(m, c);
    }

    @Override
    public Boolean setIntentionEntry(Command.SetIntentionEntry c) {
      return IntentionMachine.setEntry(m, c);
    }

    @Override
    public Boolean deleteIntentionEntry(Command.DeleteIntentionEntry c) {
      return IntentionMachine.deleteEntry(m, c);
    }

    @Override
    public Void bootstrapCa(Command.BootstrapCa c) {
      return StateMachine.bootstrapCa(m, c);
    }

    @Override
    public Void setCaConfig(Command.SetCaConfig c) {
      return StateMachine.setCaConfig(m, c);
    }

    @Override
    public Void rotateCaRoot(Command.RotateCaRoot c) {
      return StateMachine.rotateCaRoot(m, c);
    }

    @Override
    public Integer pruneCaRoots(Command.PruneCaRoots c) {
      return StateMachine.pruneCaRoots(m, c);
    }

    @Override
    public TxnResult txn(Command.Txn c) {
      return KvMachine.txn(m, c);
    }

    @Override
    public Session createSession(Command.CreateSession c) {
      return KvMachine.createSession(m, c);
    }

    @Override
    public Boolean destroySession(Command.DestroySession c) {
      return KvMachine.destroySession(m, c);
    }

    @Override
    public Void catalogRegister(Command.CatalogRegister c) {
      return CatalogMachine.register(m, c);
    }

    @Override
    public Boolean catalogDeregister(Command.CatalogDeregister c) {
      return CatalogMachine.deregister(m, c);
    }

    @Override
    public Void registerCheck(Command.RegisterCheck c) {
      return CatalogMachine.registerCheck(m, c.check());
    }

    @Override
    public Boolean deregisterCheck(Command.DeregisterCheck c) {
      return CatalogMachine.deregisterCheck(m, c.checkId());
    }

    @Override
    public AclToken upsertAclToken(Command.UpsertAclToken c) {
      AclToken old = m.state.aclTokens().get(c.token().accessorId());
      AclToken t = c.token().withIndexes(old == null ? m.index : old.createIndex(), m.index);
      m.aclTokens().put(t.accessorId(), t);
      m.touch(Table.ACL_TOKENS);
      return t;
    }

    @Override
    public Boolean deleteAclToken(Command.DeleteAclToken c) {
      if (!m.state.aclTokens().containsKey(c.accessorId())) {
        return Boolean.FALSE;
      }
      m.aclTokens().remove(c.accessorId());
      m.touch(Table.ACL_TOKENS);
      return Boolean.TRUE;
    }

    @Override
    public Long reserveLeafSerial(Command.ReserveLeafSerial c) {
      return StateMachine.reserveLeafSerial(m, Math.max(1, c.count()));
    }

    @Override
    public AclPolicy upsertAclPolicy(Command.UpsertAclPolicy c) {
      return AclMachine.upsertPolicy(m, c);
    }

    @Override
    public Boolean deleteAclPolicy(Command.DeleteAclPolicy c) {
      return AclMachine.deletePolicy(m, c);
    }

    @Override
    public AclRole upsertAclRole(Command.UpsertAclRole c) {
      return AclMachine.upsertRole(m, c);
    }

    @Override
    public Boolean deleteAclRole(Command.DeleteAclRole c) {
      return AclMachine.deleteRole(m, c);
    }

    @Override
    public Boolean setConfigEntry(Command.SetConfigEntry c) {
      return ConfigEntryMachine.set(m, c);
    }

    @Override
    public Boolean deleteConfigEntry(Command.DeleteConfigEntry c) {
      return ConfigEntryMachine.delete(m, c);
    }

    @Override
    public PreparedQuery upsertPreparedQuery(Command.UpsertPreparedQuery c) {
      return PreparedQueryMachine.upsert(m, c);
    }

    @Override
    public Boolean deletePreparedQuery(Command.DeletePreparedQuery c) {
      return PreparedQueryMachine.delete(m, c);
    }

    @Override
    public CatalogTxnResult catalogTxn(Command.CatalogTxn c) {
      return CatalogTxnMachine.apply(m, c);
    }
  }

  private static Void registerNode(Mutation m, Command.RegisterNode c) {
    Node old = m.node;
    long create = old == null ? m.index : old.createIndex();
    m.node =
        new Node(
            c.nodeId(),
            c.nodeName(),
            c.address(),
            c.datacenter(),
            Map.of("lan", c.address(), "wan", c.address()),
            Map.of("consul-network-segment", ""),
            create,
            m.index);
    m.touch(Table.NODES);
    StoredCheck serf = m.checks().get(SERF_HEALTH);
    long checkCreate = serf == null ? m.index : serf.check().createIndex();
    m.checks()
        .put(
            SERF_HEALTH,
            new StoredCheck(
                new HealthCheck(
                    c.nodeName(),
                    SERF_HEALTH,
                    "Serf Health Status",
                    HealthCheck.PASSING,
                    "",
                    "Agent alive and reachable",
                    "",
                    "",
                    List.of(),
                    "serf",
                    checkCreate,
                    m.index),
                null));
    m.touch(Table.CHECKS);
    return null;
  }

  private static Void registerService(Mutation m, Command.RegisterService c) {
    AgentService s = c.service();
    AgentService old = m.services().get(s.id());
    long create = old == null ? m.index : old.createIndex();
    m.services().put(s.id(), CatalogMachine.withIndexes(s, create, m.index));
    m.touch(Table.SERVICES);
    SortedMap<String, StoredCheck> checks = m.checks();
    checks.values().removeIf(sc -> s.id().equals(sc.check().serviceId()));
    for (StoredCheck sc : c.checks()) {
      HealthCheck h = sc.check();
      StoredCheck previous = m.state.checks().get(h.checkId());
      long checkCreate = previous == null ? m.index : previous.check().createIndex();
      checks.put(
          h.checkId(),
          new StoredCheck(
              new HealthCheck(
                  h.node(),
                  h.checkId(),
                  h.name(),
                  h.status(),
                  h.notes(),
                  h.output(),
                  s.id(),
                  s.service(),
                  s.tags(),
                  h.type(),
                  checkCreate,
                  m.index),
              sc.ttl(),
              sc.spec()));
    }
    m.touch(Table.CHECKS);
    return null;
  }

  private static Boolean deregisterService(Mutation m, Command.DeregisterService c) {
    if (!m.state.services().containsKey(c.serviceId())) {
      return Boolean.FALSE;
    }
    m.services().remove(c.serviceId());
    m.touch(Table.SERVICES);
    if (m.checks().values().removeIf(sc -> c.serviceId().equals(sc.check().serviceId()))) {
      m.touch(Table.CHECKS);
    }
    return Boolean.TRUE;
  }

  private static Boolean updateCheck(Mutation m, Command.UpdateCheck c) {
    StoredCheck sc = m.state.checks().get(c.checkId());
    if (sc == null) {
      return Boolean.FALSE;
    }
    HealthCheck h = sc.check();
    if (h.status().equals(c.status()) && h.output().equals(c.output())) {
      return Boolean.TRUE;
    }
    m.checks()
        .put(
            c.checkId(),
            new StoredCheck(
                new HealthCheck(
                    h.node(),
                    h.checkId(),
                    h.name(),
                    c.status(),
                    h.notes(),
                    c.output(),
                    h.serviceId(),
                    h.serviceName(),
                    h.serviceTags(),
                    h.type(),
                    h.createIndex(),
                    m.index),
                sc.ttl(),
                sc.spec()));
    m.touch(Table.CHECKS);
    return Boolean.TRUE;
  }

  private static Void bootstrapCa(Mutation m, Command.BootstrapCa c) {
    if (m.state.ca() != null) {
      throw new IllegalStateException(
          "the CA is already bootstrapped (cluster " + m.state.ca().clusterId() + ")");
    }
    CaRoot r = c.root();
    CaRoot stored =
        new CaRoot(
            r.id(),
            r.name(),
            r.serialNumber(),
            r.signingKeyId(),
            r.externalTrustDomain(),
            r.notBefore(),
            r.notAfter(),
            r.rootCert(),
            r.intermediateCerts(),
            true,
            r.privateKeyType(),
            r.privateKeyBits(),
            m.index,
            m.index);
    m.ca =
        new CaState(
            c.clusterId(),
            List.of(stored),
            stored.id(),
            c.signingKeyPkcs8().clone(),
            0,
            c.config().withIndexes(m.index, m.index),
            Map.of());
    m.touch(Table.CA_ROOTS);
    return null;
  }

  private static CaState requireCa(Mutation m) {
    if (m.ca == null) {
      throw new IllegalStateException("cluster has no CA bootstrapped yet");
    }
    return m.ca;
  }

  private static Void setCaConfig(Mutation m, Command.SetCaConfig c) {
    CaState ca = requireCa(m);
    m.ca = ca.withConfig(c.config().withIndexes(ca.config().createIndex(), m.index));
    m.touch(Table.CA_ROOTS);
    return null;
  }

  private static Void rotateCaRoot(Mutation m, Command.RotateCaRoot c) {
    CaState ca = requireCa(m);
    CaRoot n = c.newRoot();
    List<CaRoot> roots = new ArrayList<>();
    for (CaRoot r : ca.roots()) {
      if (r.id().equals(n.id())) {
        throw new IllegalStateException("root " + n.id() + " already exists");
      }
      roots.add(r.active() ? withActive(r, false, m.index) : r);
    }
    roots.add(
        new CaRoot(
            n.id(),
            n.name(),
            n.serialNumber(),
            n.signingKeyId(),
            n.externalTrustDomain(),
            n.notBefore(),
            n.notAfter(),
            n.rootCert(),
            n.intermediateCerts(),
            true,
            n.privateKeyType(),
            n.privateKeyBits(),
            m.index,
            m.index));
    Map<String, Instant> rotated = new HashMap<>(ca.rotatedOutAt());
    rotated.put(ca.activeRootId(), c.now());
    m.ca =
        new CaState(
            ca.clusterId(),
            roots,
            n.id(),
            c.signingKeyPkcs8().clone(),
            ca.lastLeafSerial(),
            c.config().withIndexes(ca.config().createIndex(), m.index),
            rotated);
    m.touch(Table.CA_ROOTS);
    return null;
  }

  private static CaRoot withActive(CaRoot r, boolean active, long index) {
    return new CaRoot(
        r.id(),
        r.name(),
        r.serialNumber(),
        r.signingKeyId(),
        r.externalTrustDomain(),
        r.notBefore(),
        r.notAfter(),
        r.rootCert(),
        r.intermediateCerts(),
        active,
        r.privateKeyType(),
        r.privateKeyBits(),
        r.createIndex(),
        index);
  }

  private static Integer pruneCaRoots(Mutation m, Command.PruneCaRoots c) {
    CaState ca = requireCa(m);
    List<CaRoot> kept = new ArrayList<>();
    Map<String, Instant> rotated = new HashMap<>(ca.rotatedOutAt());
    int removed = 0;
    for (CaRoot r : ca.roots()) {
      if (!r.active() && c.rootIds().contains(r.id())) {
        removed++;
        rotated.remove(r.id());
      } else {
        kept.add(r);
      }
    }
    if (removed > 0) {
      m.ca =
          new CaState(
              ca.clusterId(),
              kept,
              ca.activeRootId(),
              ca.activeSigningKeyPkcs8(),
              ca.lastLeafSerial(),
              ca.config(),
              rotated);
      m.touch(Table.CA_ROOTS);
    }
    return removed;
  }

  private static Long reserveLeafSerial(Mutation m, int count) {
    if (m.ca == null) {
      throw new IllegalStateException("cluster has no CA bootstrapped yet");
    }
    long serial = m.ca.lastLeafSerial() + 1;
    m.ca = m.ca.withLastLeafSerial(serial + count - 1);
    m.touch(Table.CA_LEAF);
    return serial;
  }
}
