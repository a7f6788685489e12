package io.nativemesh.server.internal.state;

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The deterministic state machine (Consul: the Raft FSM): a pure function from (state, index,
 * command) to the next state. It never reads a clock, a random source or anything outside its
 * arguments, so replaying a log reproduces the state exactly. Stateless and thread-safe.
 */
public final class StateMachine {

  /**
   * The outcome of one command.
   *
   * @param next the new state (the same instance when nothing changed except the index)
   * @param touched tables whose modify index is now {@code next.index()}
   * @param result command-specific result (see {@link Command}), or null
   */
  public record Transition(StateSnapshot next, Set<Table> touched, Object result) {}

  /** The check ID of the node's serf health check (Consul API: {@code serfHealth}). */
  public static final String SERF_HEALTH = "serfHealth";

  /**
   * Applies a command.
   *
   * @param state the current state
   * @param index the index assigned to the command; must be {@code state.index() + 1}
   * @param command the command
   * @return the transition
   * @throws IllegalArgumentException if the index is not the next one
   * @throws IllegalStateException if the command violates an invariant (e.g. CA bootstrapped twice)
   */
  public Transition apply(StateSnapshot state, long index, Command command) {
    if (index != state.index() + 1) {
      throw new IllegalArgumentException("index " + index + " does not follow " + state.index());
    }
    Mutation m = new Mutation(state, index);
    Object result;
    if (command instanceof Command.RegisterNode c) {
      result = registerNode(m, c);
    } else if (command instanceof Command.RegisterService c) {
      result = registerService(m, c);
    } else if (command instanceof Command.DeregisterService c) {
      result = deregisterService(m, c);
    } else if (command instanceof Command.UpdateCheck c) {
      result = updateCheck(m, c);
    } else if (command instanceof Command.UpsertIntention c) {
      result = IntentionMachine.upsert(m, c);
    } else if (command instanceof Command.DeleteIntention c) {
      result = IntentionMachine.delete(m, c);
    } else if (command instanceof Command.CreateIntention c) {
      result = IntentionMachine.create(m, c);
    } else if (command instanceof Command.UpdateIntention c) {
      result = IntentionMachine.update(m, c);
    } else if (command instanceof Command.DeleteIntentionById c) {
      result = IntentionMachine.deleteById(m, c);
    } else if (command instanceof Command.SetIntentionEntry c) {
      result = IntentionMachine.setEntry(m, c);
    } else if (command instanceof Command.DeleteIntentionEntry c) {
      result = IntentionMachine.deleteEntry(m, c);
    } else if (command instanceof Command.BootstrapCa c) {
      result = bootstrapCa(m, c);
    } else if (command instanceof Command.SetCaConfig c) {
      result = setCaConfig(m, c);
    } else if (command instanceof Command.RotateCaRoot c) {
      result = rotateCaRoot(m, c);
    } else if (command instanceof Command.PruneCaRoots c) {
      result = pruneCaRoots(m, c);
    } else if (command instanceof Command.Txn c) {
      result = KvMachine.txn(m, c);
    } else if (command instanceof Command.CreateSession c) {
      result = KvMachine.createSession(m, c);
    } else if (command instanceof Command.DestroySession c) {
      result = KvMachine.destroySession(m, c.sessionId(), c.now());
    } else if (command instanceof Command.CatalogRegister c) {
      result = CatalogMachine.register(m, c);
    } else if (command instanceof Command.CatalogDeregister c) {
      result = CatalogMachine.deregister(m, c);
    } else if (command instanceof Command.RegisterCheck c) {
      result = CatalogMachine.registerCheck(m, c.check());
    } else if (command instanceof Command.DeregisterCheck c) {
      result = CatalogMachine.deregisterCheck(m, c.checkId());
    } else if (command instanceof Command.UpsertAclToken c) {
      AclToken old = m.state.aclTokens().get(c.token().accessorId());
      AclToken t = c.token().withIndexes(old == null ? m.index : old.createIndex(), m.index);
      m.aclTokens().put(t.accessorId(), t);
      m.touch(Table.ACL_TOKENS);
      result = t;
    } else if (command instanceof Command.DeleteAclToken c) {
      result = m.state.aclTokens().containsKey(c.accessorId());
      if (m.aclTokens().remove(c.accessorId()) != null) {
        m.touch(Table.ACL_TOKENS);
      }
    } else if (command instanceof Command.ReserveLeafSerial c) {
      result = reserveLeafSerial(m, Math.max(1, c.count()));
    } else {
      throw new IllegalArgumentException("unknown command " + command);
    }
    return new Transition(m.build(), m.touched, result);
  }

  private static Object registerNode(Mutation m, Command.RegisterNode c) {
    Node old = m.node;
    long create = old == null ? m.index : old.createIndex();
    m.node = new Node(c.nodeId(), c.nodeName(), c.address(), c.datacenter(),
        Map.of("lan", c.address(), "wan", c.address()), Map.of("consul-network-segment", ""), create, m.index);
    m.touch(Table.NODES);
    StoredCheck serf = m.checks().get(SERF_HEALTH);
    long checkCreate = serf == null ? m.index : serf.check().createIndex();
    m.checks().put(SERF_HEALTH, new StoredCheck(new HealthCheck(c.nodeName(), SERF_HEALTH, "Serf Health Status",
        HealthCheck.PASSING, "", "Agent alive and reachable", "", "", List.of(), "serf", checkCreate, m.index), null));
    m.touch(Table.CHECKS);
    return null;
  }

  private static Object registerService(Mutation m, Command.RegisterService c) {
    AgentService s = c.service();
    AgentService old = m.services().get(s.id());
    long create = old == null ? m.index : old.createIndex();
    m.services().put(s.id(), new AgentService(s.kind(), s.id(), s.service(), s.tags(), s.address(), s.meta(), s.port(),
        s.weights(), s.enableTagOverride(), s.connect(), s.datacenter(), null, create, m.index));
    m.touch(Table.SERVICES);
    SortedMap<String, StoredCheck> checks = m.checks();
    checks.values().removeIf(sc -> s.id().equals(sc.check().serviceId()));
    for (StoredCheck sc : c.checks()) {
      HealthCheck h = sc.check();
      StoredCheck previous = m.state.checks().get(h.checkId());
      long checkCreate = previous == null ? m.index : previous.check().createIndex();
      checks.put(h.checkId(), new StoredCheck(new HealthCheck(h.node(), h.checkId(), h.name(), h.status(), h.notes(),
          h.output(), s.id(), s.service(), s.tags(), h.type(), checkCreate, m.index), sc.ttl(), sc.spec()));
    }
    m.touch(Table.CHECKS);
    return null;
  }

  private static Object deregisterService(Mutation m, Command.DeregisterService c) {
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

  private static Object updateCheck(Mutation m, Command.UpdateCheck c) {
    StoredCheck sc = m.state.checks().get(c.checkId());
    if (sc == null) {
      return Boolean.FALSE;
    }
    HealthCheck h = sc.check();
    if (h.status().equals(c.status()) && h.output().equals(c.output())) {
      return Boolean.TRUE;
    }
    m.checks().put(c.checkId(), new StoredCheck(new HealthCheck(h.node(), h.checkId(), h.name(), c.status(), h.notes(),
        c.output(), h.serviceId(), h.serviceName(), h.serviceTags(), h.type(), h.createIndex(), m.index), sc.ttl(), sc.spec()));
    m.touch(Table.CHECKS);
    return Boolean.TRUE;
  }

  private static Object bootstrapCa(Mutation m, Command.BootstrapCa c) {
    if (m.state.ca() != null) {
      throw new IllegalStateException("the CA is already bootstrapped (cluster " + m.state.ca().clusterId() + ")");
    }
    CaRoot r = c.root();
    CaRoot stored = new CaRoot(r.id(), r.name(), r.serialNumber(), r.signingKeyId(), r.externalTrustDomain(),
        r.notBefore(), r.notAfter(), r.rootCert(), r.intermediateCerts(), true, r.privateKeyType(), r.privateKeyBits(),
        m.index, m.index);
    m.ca = new CaState(c.clusterId(), List.of(stored), stored.id(), c.signingKeyPkcs8().clone(), 0,
        c.config().withIndexes(m.index, m.index), Map.of());
    m.touch(Table.CA_ROOTS);
    return null;
  }

  private static CaState requireCa(Mutation m) {
    if (m.ca == null) {
      throw new IllegalStateException("cluster has no CA bootstrapped yet");
    }
    return m.ca;
  }

  private static Object setCaConfig(Mutation m, Command.SetCaConfig c) {
    CaState ca = requireCa(m);
    m.ca = ca.withConfig(c.config().withIndexes(ca.config().createIndex(), m.index));
    m.touch(Table.CA_ROOTS);
    return null;
  }

  private static Object rotateCaRoot(Mutation m, Command.RotateCaRoot c) {
    CaState ca = requireCa(m);
    CaRoot n = c.newRoot();
    List<CaRoot> roots = new ArrayList<>();
    for (CaRoot r : ca.roots()) {
      if (r.id().equals(n.id())) {
        throw new IllegalStateException("root " + n.id() + " already exists");
      }
      roots.add(r.active() ? withActive(r, false, m.index) : r);
    }
    roots.add(new CaRoot(n.id(), n.name(), n.serialNumber(), n.signingKeyId(), n.externalTrustDomain(), n.notBefore(),
        n.notAfter(), n.rootCert(), n.intermediateCerts(), true, n.privateKeyType(), n.privateKeyBits(), m.index, m.index));
    Map<String, Instant> rotated = new HashMap<>(ca.rotatedOutAt());
    rotated.put(ca.activeRootId(), c.now());
    m.ca = new CaState(ca.clusterId(), roots, n.id(), c.signingKeyPkcs8().clone(), ca.lastLeafSerial(),
        c.config().withIndexes(ca.config().createIndex(), m.index), rotated);
    m.touch(Table.CA_ROOTS);
    return null;
  }

  private static CaRoot withActive(CaRoot r, boolean active, long index) {
    return new CaRoot(r.id(), r.name(), r.serialNumber(), r.signingKeyId(), r.externalTrustDomain(), r.notBefore(),
        r.notAfter(), r.rootCert(), r.intermediateCerts(), active, r.privateKeyType(), r.privateKeyBits(), r.createIndex(),
        index);
  }

  private static Object pruneCaRoots(Mutation m, Command.PruneCaRoots c) {
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
      m.ca = new CaState(ca.clusterId(), kept, ca.activeRootId(), ca.activeSigningKeyPkcs8(), ca.lastLeafSerial(),
          ca.config(), rotated);
      m.touch(Table.CA_ROOTS);
    }
    return removed;
  }

  private static Object reserveLeafSerial(Mutation m, int count) {
    if (m.ca == null) {
      throw new IllegalStateException("cluster has no CA bootstrapped yet");
    }
    long serial = m.ca.lastLeafSerial() + 1;
    m.ca = m.ca.withLastLeafSerial(serial + count - 1);
    m.touch(Table.CA_LEAF);
    return serial;
  }
}
