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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PersistentSortedMapTest {

  @Test
  void behavesLikeTreeMapUnderRandomOperations() {
    Random r = new Random(42);
    TreeMap<String, Integer> ref = new TreeMap<>();
    PersistentSortedMap<Integer> frozen = PersistentSortedMap.empty();
    for (int round = 0; round < 200; round++) {
      PersistentSortedMap<Integer> m = frozen.mutableCopy();
      TreeMap<String, Integer> before = new TreeMap<>(ref);
      for (int i = 0; i < 50; i++) {
        String k = "k" + r.nextInt(300);
        int op = r.nextInt(10);
        if (op < 6) {
          assertEquals(ref.put(k, i), m.put(k, i));
        } else if (op < 9) {
          assertEquals(ref.remove(k), m.remove(k));
        } else {
          String p = "k" + r.nextInt(30);
          ref.subMap(p, p + Character.MAX_VALUE).clear();
          m.subMap(p, p + Character.MAX_VALUE).clear();
        }
      }
      assertEquals(before, frozen, "the frozen snapshot never changes");
      frozen = m.freeze();
      assertEquals(ref, frozen);
      assertEquals(ref.size(), frozen.size());
      assertEquals(new ArrayList<>(ref.keySet()), new ArrayList<>(frozen.keySet()));
      String p = "k" + r.nextInt(30);
      SortedMap<String, Integer> a = ref.subMap(p, p + Character.MAX_VALUE);
      SortedMap<String, Integer> b = frozen.subMap(p, p + Character.MAX_VALUE);
      assertEquals(a, b);
      assertEquals(a.size(), b.size());
      if (!a.isEmpty()) {
        assertEquals(a.firstKey(), b.firstKey());
        assertEquals(a.lastKey(), b.lastKey());
      }
    }
    assertThrows(
        UnsupportedOperationException.class,
        () -> PersistentSortedMap.<Integer>empty().put("a", 1));
  }

  @Test
  void iteratorRemoveAndCopyOf() {
    PersistentSortedMap<Integer> m =
        PersistentSortedMap.copyOf(Map.of("a", 1, "b", 2, "c", 3)).mutableCopy();
    for (Iterator<Integer> it = m.values().iterator(); it.hasNext(); ) {
      if (it.next() % 2 == 1) {
        it.remove();
      }
    }
    assertEquals(Map.of("b", 2), m);
    assertEquals(List.of("b"), new ArrayList<>(m.freeze().keySet()));
  }
}
