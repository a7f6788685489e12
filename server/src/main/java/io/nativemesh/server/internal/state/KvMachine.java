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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The KV and session part of the state machine (Consul: {@code agent/consul/state/kvs.go}, {@code
 * txn.go}, {@code session.go}). Deterministic: time comes from the commands. Stateless.
 */
final class KvMachine {
  private KvMachine() {}

  static TxnResult txn(Mutation m, Command.Txn c) {
    // writes go to the mutation's private copy, dropped unless every operation succeeds (atomic
    // rollback)
    boolean writes = c.ops().stream().anyMatch(op -> op.verb().isWrite());
    SortedMap<String, KvEntry> kv = writes ? m.kv() : m.state.kv();
    List<List<KvEntry>> results = new ArrayList<>();
    List<TxnResult.TxnError> errors = new ArrayList<>();
    boolean changed = false;
    for (int i = 0; i < c.ops().size(); i++) {
      KvOp op = c.ops().get(i);
      List<KvEntry> out = new ArrayList<>();
      String err = apply(m, kv, op, c.now(), out);
      if (err != null) {
        errors.add(new TxnResult.TxnError(i, err));
      } else {
        results.add(out);
        changed |= op.verb().isWrite();
      }
    }
    if (!errors.isEmpty()) {
      m.discardKv();
      return new TxnResult(List.of(), errors);
    }
    if (changed) {
      m.touch(Table.KVS);
    }
    return new TxnResult(results, List.of());
  }

  /** Applies one operation; returns the error (Consul's wording), or null when it succeeded. */
  /**
   * The entry a set or a check-and-set writes: the new flags and value, keeping the key's lock
   * holder, lock index and create index (Consul API: PUT /v1/kv/:key).
   *
   * @param e the current entry, or null for a new key
   * @param op the write
   * @param idx the index of this write (create index of a new key, modify index either way)
   */
  private static KvEntry written(KvEntry e, KvOp op, long idx) {
    return new KvEntry(
        op.key(),
        op.flags(),
        op.value(),
        e == null ? null : e.session(),
        e == null ? 0 : e.lockIndex(),
        e == null ? idx : e.createIndex(),
        idx);
  }

  private static String apply(
      Mutation m, SortedMap<String, KvEntry> kv, KvOp op, Instant now, List<KvEntry> out) {
    String key = op.key();
    KvEntry e = kv.get(key);
    long idx = m.index;
    return switch (op.verb()) {
      case SET -> {
        put(kv, out, written(e, op, idx));
        yield null;
      }
      case CAS -> {
        if (op.index() == 0 ? e != null : e == null || e.modifyIndex() != op.index()) {
          yield "failed to set key \"" + key + "\", index is stale";
        }
        put(kv, out, written(e, op, idx));
        yield null;
      }
      case LOCK -> lock(m, kv, op, e, now, out);
      case UNLOCK -> {
        if (e == null || e.session() == null || !e.session().equals(op.session())) {
          yield "failed to unlock key \""
              + key
              + "\", lock isn't held, or is held by another session";
        }
        put(
            kv,
            out,
            new KvEntry(key, op.flags(), op.value(), null, e.lockIndex(), e.createIndex(), idx));
        yield null;
      }
      case GET -> {
        if (e == null) {
          yield "key \"" + key + "\" doesn't exist";
        }
        out.add(e);
        yield null;
      }
      case GET_OR_EMPTY -> {
        if (e != null) {
          out.add(e);
        }
        yield null;
      }
      case GET_TREE -> {
        out.addAll(sub(kv, key).values());
        yield null;
      }
      case CHECK_INDEX ->
          e == null
              ? "key \"" + key + "\" doesn't exist"
              : e.modifyIndex() == op.index()
                  ? null
                  : "current modify index " + e.modifyIndex() + " != " + op.index();
      case CHECK_SESSION ->
          e == null
              ? "key \"" + key + "\" doesn't exist"
              : op.session() != null && op.session().equals(e.session())
                  ? null
                  : "current session " + e.session() + " != " + op.session();
      case CHECK_NOT_EXISTS -> e == null ? null : "key \"" + key + "\" exists";
      case DELETE -> {
        kv.remove(key);
        yield null;
      }
      case DELETE_TREE -> {
        sub(kv, key).clear();
        yield null;
      }
      case DELETE_CAS -> {
        if (e == null) {
          yield null; // Consul: deleting an absent key with CAS succeeds
        }
        if (e.modifyIndex() != op.index()) {
          yield "failed to delete key \"" + key + "\", index is stale";
        }
        kv.remove(key);
        yield null;
      }
    };
  }

  private static String lock(
      Mutation m,
      SortedMap<String, KvEntry> kv,
      KvOp op,
      KvEntry e,
      Instant now,
      List<KvEntry> out) {
    String key = op.key();
    Session s = m.state.sessions().get(op.session());
    if (s == null) {
      return "invalid session \"" + op.session() + "\"";
    }
    Instant delay = m.state.lockDelays().get(key);
    if (delay != null && now.isBefore(delay)) {
      return "failed to lock key \"" + key + "\" due to lock delay";
    }
    if (e != null && e.session() != null && !e.session().equals(op.session())) {
      return "failed to lock key \"" + key + "\", lock is already held";
    }
    boolean held = e != null && op.session().equals(e.session());
    long lockIndex = e == null ? 1 : held ? e.lockIndex() : e.lockIndex() + 1;
    put(
        kv,
        out,
        new KvEntry(
            key,
            op.flags(),
            op.value(),
            op.session(),
            lockIndex,
            e == null ? m.index : e.createIndex(),
            m.index));
    return null;
  }

  private static void put(SortedMap<String, KvEntry> kv, List<KvEntry> out, KvEntry n) {
    kv.put(n.key(), n);
    out.add(n);
  }

  private static SortedMap<String, KvEntry> sub(SortedMap<String, KvEntry> kv, String prefix) {
    return prefix.isEmpty() ? kv : kv.subMap(prefix, prefix + Character.MAX_VALUE);
  }

  static Session createSession(Mutation m, Command.CreateSession c) {
    Session s = c.session();
    if (m.state.sessions().containsKey(s.id())) {
      throw new IllegalStateException("session " + s.id() + " already exists");
    }
    Session n =
        new Session(
            s.id(),
            s.name(),
            s.node(),
            s.lockDelay(),
            s.behavior(),
            s.ttl(),
            s.nodeChecks(),
            s.serviceChecks(),
            m.index,
            m.index);
    m.sessions().put(n.id(), n);
    m.touch(Table.SESSIONS);
    return n;
  }

  static Boolean destroySession(Mutation m, Command.DestroySession c) {
    String id = c.sessionId();
    Instant now = c.now();
    Session s = m.state.sessions().get(id);
    if (s == null) {
      return Boolean.FALSE;
    }
    m.sessions().remove(id);
    m.touch(Table.SESSIONS);
    // Consul: prepared queries bound to the session go with it (state store, sessionDestroyTxn)
    List<String> bound = new ArrayList<>();
    for (PreparedQuery q : m.state.preparedQueries().values()) {
      if (id.equals(q.definition().get("Session"))) {
        bound.add(q.id());
      }
    }
    if (!bound.isEmpty()) {
      bound.forEach(m.preparedQueries()::remove);
      m.touch(Table.PREPARED_QUERIES);
    }
    List<KvEntry> held = new ArrayList<>();
    for (KvEntry e : m.state.kv().values()) {
      if (id.equals(e.session())) {
        held.add(e);
      }
    }
    if (!held.isEmpty()) {
      SortedMap<String, KvEntry> kv = m.kv();
      for (KvEntry e : held) {
        if (Session.DELETE.equals(s.behavior())) {
          kv.remove(e.key());
        } else {
          kv.put(
              e.key(),
              new KvEntry(
                  e.key(), e.flags(), e.value(), null, e.lockIndex(), e.createIndex(), m.index));
        }
        if (s.lockDelay() != null && !s.lockDelay().isZero()) {
          m.lockDelays().put(e.key(), now.plus(s.lockDelay()));
        }
      }
      m.touch(Table.KVS);
    }
    // drop lock-delays that have passed (keeps the map small; deterministic: uses the command's
    // time)
    if (!m.state.lockDelays().isEmpty()) {
      m.lockDelays().values().removeIf(until -> !now.isBefore(until));
    }
    return Boolean.TRUE;
  }
}
