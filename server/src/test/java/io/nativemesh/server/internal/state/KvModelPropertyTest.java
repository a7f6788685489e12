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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The KV state machine against a {@link TreeMap} model (issue 18): random sequences of set,
 * check-and-set, delete and delete-tree over a small, prefix-heavy key space. After every operation
 * the store holds exactly the model's keys and values, the index never goes back, a write's entry
 * carries the index it was applied at, and {@code CreateIndex ≤ ModifyIndex ≤ index}. A CAS
 * succeeds exactly when the model says it should (Consul: index 0 means "only if absent").
 */
class KvModelPropertyTest {

  /** One generated operation; {@code casIndex} is resolved against the model when applied. */
  record Op(KvVerb verb, String key, byte[] value, int casChoice) {}

  private record Model(byte[] value, long createIndex, long modifyIndex) {}

  @Property
  void theStoreBehavesAsASortedMap(@ForAll("ops") List<Op> ops) {
    StateStore store = new StateStore();
    TreeMap<String, Model> model = new TreeMap<>();
    long lastIndex = store.snapshot().index();
    for (Op op : ops) {
      Model current = model.get(op.key());
      long casIndex =
          switch (op.casChoice()) {
            case 0 -> 0;
            case 1 -> current == null ? 7 : current.modifyIndex();
            default -> current == null ? 0 : current.modifyIndex() + 1; // stale or absent
          };
      boolean expectOk =
          op.verb() != KvVerb.CAS
              || (casIndex == 0
                  ? current == null
                  : current != null && current.modifyIndex() == casIndex);
      KvOp kv =
          new KvOp(
              op.verb(), op.key(), op.value(), 0, op.verb() == KvVerb.CAS ? casIndex : 0, null);
      TxnResult r;
      long index;
      try {
        StateStore.Applied<TxnResult> a = store.apply(new Command.Txn(List.of(kv), Instant.EPOCH));
        r = a.result();
        index = a.index();
      } catch (IllegalStateException e) {
        throw new AssertionError(op + " threw " + e, e);
      }
      assertEquals(
          expectOk, r.errors().isEmpty(), op + " casIndex " + casIndex + ": " + r.errors());
      long now = store.snapshot().index();
      assertTrue(now >= lastIndex, "index went back: " + lastIndex + " -> " + now);
      lastIndex = now;
      if (expectOk) {
        switch (op.verb()) {
          case SET, CAS ->
              model.put(
                  op.key(),
                  new Model(op.value(), current == null ? index : current.createIndex(), index));
          case DELETE -> model.remove(op.key());
          case DELETE_TREE -> model.subMap(op.key(), op.key() + Character.MAX_VALUE).clear();
          default -> throw new IllegalStateException(op.toString());
        }
      }
      Map<String, KvEntry> kvs = store.snapshot().kv();
      assertEquals(model.keySet(), kvs.keySet(), "after " + op);
      for (Map.Entry<String, Model> e : model.entrySet()) {
        KvEntry got = kvs.get(e.getKey());
        assertArrayEquals(e.getValue().value(), got.value(), e.getKey());
        assertEquals(e.getValue().modifyIndex(), got.modifyIndex(), e.getKey());
        assertEquals(e.getValue().createIndex(), got.createIndex(), e.getKey());
        assertTrue(got.createIndex() <= got.modifyIndex() && got.modifyIndex() <= now);
      }
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<String> keys = Arbitraries.of("a", "a/b", "a/c", "a/b/c", "ab", "b", "b/", "", "é/x");
    Arbitrary<KvVerb> verbs =
        Arbitraries.of(KvVerb.SET, KvVerb.SET, KvVerb.CAS, KvVerb.DELETE, KvVerb.DELETE_TREE);
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(16);
    Arbitrary<Integer> cas = Arbitraries.integers().between(0, 2);
    return Combinators.combine(verbs, keys, values, cas)
        .as(Op::new)
        .filter(o -> !o.key().isEmpty() || o.verb() == KvVerb.DELETE_TREE)
        .list()
        .ofMaxSize(60);
  }
}
