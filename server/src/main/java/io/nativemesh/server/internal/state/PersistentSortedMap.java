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

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * A persistent (immutable, structurally shared) sorted map from strings to values: an AVL tree with
 * path copying, so a write copies O(log n) nodes instead of the whole map. Snapshots hold frozen
 * instances (never modified, safe to share between threads); {@link #mutableCopy()} gives the state
 * machine an O(1) private copy that accepts {@code put}/{@code remove}/{@code clear} (also through
 * {@code subMap} views) and {@link #freeze()} turns it back into an immutable map in O(1). This is
 * what keeps a KV write cheap when the store holds hundreds of thousands of keys (a {@code TreeMap}
 * copy per write made writes O(n)). Null keys and values are not supported. A mutable instance is
 * confined to one thread.
 *
 * @param <V> the value type
 */
public final class PersistentSortedMap<V> extends AbstractMap<String, V>
    implements SortedMap<String, V> {

  private static final class Node<V> {
    final String key;
    final V value;
    final Node<V> left;
    final Node<V> right;
    final int height;
    final int size;

    Node(String key, V value, Node<V> left, Node<V> right) {
      this.key = key;
      this.value = value;
      this.left = left;
      this.right = right;
      this.height = 1 + Math.max(h(left), h(right));
      this.size = 1 + sz(left) + sz(right);
    }
  }

  private static final PersistentSortedMap<Object> EMPTY =
      new PersistentSortedMap<>(null, false, null, null, null);

  private Node<V> root; // unused by views
  private final boolean mutable;
  private final PersistentSortedMap<V> backing; // non-null for a subMap view
  private final String lo; // inclusive lower bound of a view, or null
  private final String hi; // exclusive upper bound of a view, or null

  private PersistentSortedMap(
      Node<V> root, boolean mutable, PersistentSortedMap<V> backing, String lo, String hi) {
    this.root = root;
    this.mutable = mutable;
    this.backing = backing;
    this.lo = lo;
    this.hi = hi;
  }

  /**
   * @param <V> value type
   * @return the empty immutable map
   */
  @SuppressWarnings("unchecked")
  public static <V> PersistentSortedMap<V> empty() {
    return (PersistentSortedMap<V>) EMPTY;
  }

  /**
   * @param map any map with string keys
   * @param <V> value type
   * @return an immutable persistent map with the same entries ({@code map} itself when it already
   *     is one)
   */
  public static <V> PersistentSortedMap<V> copyOf(Map<String, V> map) {
    if (map instanceof PersistentSortedMap<V> p && !p.mutable && p.backing == null) {
      return p;
    }
    PersistentSortedMap<V> m = PersistentSortedMap.<V>empty().mutableCopy();
    map.forEach(m::put);
    return m.freeze();
  }

  /**
   * @return a private mutable copy sharing this map's structure (O(1)); only for unbounded maps
   */
  public PersistentSortedMap<V> mutableCopy() {
    return new PersistentSortedMap<>(tree(), true, null, null, null);
  }

  /**
   * @return an immutable map of the current contents (O(1)); only for unbounded maps
   */
  public PersistentSortedMap<V> freeze() {
    return mutable || backing != null
        ? new PersistentSortedMap<>(tree(), false, null, null, null)
        : this;
  }

  private Node<V> tree() {
    return backing != null ? backing.tree() : root;
  }

  private boolean inRange(String k) {
    return (lo == null || k.compareTo(lo) >= 0) && (hi == null || k.compareTo(hi) < 0);
  }

  private PersistentSortedMap<V> owner() {
    PersistentSortedMap<V> o = backing != null ? backing : this;
    if (!o.mutable) {
      throw new UnsupportedOperationException("immutable map");
    }
    return o;
  }

  @Override
  public V get(Object key) {
    if (!(key instanceof String k) || !inRange(k)) {
      return null;
    }
    Node<V> n = tree();
    while (n != null) {
      int c = k.compareTo(n.key);
      if (c == 0) {
        return n.value;
      }
      n = c < 0 ? n.left : n.right;
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public V put(String key, V value) {
    if (key == null || value == null) {
      throw new NullPointerException("null key or value");
    }
    if (!inRange(key)) {
      throw new IllegalArgumentException("key out of range");
    }
    PersistentSortedMap<V> o = owner();
    V old = get(key);
    o.root = insert(o.root, key, value);
    return old;
  }

  @Override
  public V remove(Object key) {
    if (!(key instanceof String k) || !inRange(k)) {
      return null;
    }
    PersistentSortedMap<V> o = owner();
    V old = get(k);
    if (old != null) {
      o.root = delete(o.root, k);
    }
    return old;
  }

  @Override
  public void clear() {
    PersistentSortedMap<V> o = owner();
    if (lo == null && hi == null) {
      o.root = null;
      return;
    }
    List<String> keys = new ArrayList<>(keySet());
    for (String k : keys) {
      o.root = delete(o.root, k);
    }
  }

  @Override
  public int size() {
    Node<V> t = tree();
    return (hi == null ? sz(t) : rank(t, hi)) - (lo == null ? 0 : rank(t, lo));
  }

  /** Number of keys strictly below {@code bound}. */
  private static <V> int rank(Node<V> n, String bound) {
    int r = 0;
    while (n != null) {
      if (n.key.compareTo(bound) < 0) {
        r += sz(n.left) + 1;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return r;
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return new Iterator<>() {
          private Node<V> next = ceiling(tree(), lo, true);
          private String last;

          @Override
          public boolean hasNext() {
            return next != null && (hi == null || next.key.compareTo(hi) < 0);
          }

          @Override
          public Map.Entry<String, V> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Node<V> n = next;
            last = n.key;
            next = ceiling(tree(), n.key, false);
            return new SimpleImmutableEntry<>(n.key, n.value);
          }

          @Override
          public void remove() {
            if (last == null) {
              throw new IllegalStateException();
            }
            PersistentSortedMap.this.remove(last);
            next = ceiling(tree(), last, false); // re-seek in the new tree
            last = null;
          }
        };
      }

      @Override
      public int size() {
        return PersistentSortedMap.this.size();
      }
    };
  }

  /** The first node with key ≥ k (inclusive) or > k; the smallest node when k is null. */
  private static <V> Node<V> ceiling(Node<V> n, String k, boolean inclusive) {
    Node<V> best = null;
    while (n != null) {
      int c = k == null ? -1 : k.compareTo(n.key);
      if (c < 0 || c == 0 && inclusive) {
        best = n;
        if (c == 0) {
          return n;
        }
        n = n.left;
      } else {
        n = n.right;
      }
    }
    return best;
  }

  @Override
  public Comparator<? super String> comparator() {
    return null;
  }

  @Override
  public SortedMap<String, V> subMap(String fromKey, String toKey) {
    if (fromKey.compareTo(toKey) > 0) {
      throw new IllegalArgumentException("fromKey > toKey");
    }
    String l = lo == null || fromKey.compareTo(lo) > 0 ? fromKey : lo;
    String h = hi == null || toKey.compareTo(hi) < 0 ? toKey : hi;
    return new PersistentSortedMap<>(null, false, backing != null ? backing : this, l, h);
  }

  @Override
  public SortedMap<String, V> headMap(String toKey) {
    String h = hi == null || toKey.compareTo(hi) < 0 ? toKey : hi;
    return new PersistentSortedMap<>(null, false, backing != null ? backing : this, lo, h);
  }

  @Override
  public SortedMap<String, V> tailMap(String fromKey) {
    String l = lo == null || fromKey.compareTo(lo) > 0 ? fromKey : lo;
    return new PersistentSortedMap<>(null, false, backing != null ? backing : this, l, hi);
  }

  @Override
  public String firstKey() {
    Iterator<Map.Entry<String, V>> it = entrySet().iterator();
    if (!it.hasNext()) {
      throw new NoSuchElementException();
    }
    return it.next().getKey();
  }

  @Override
  public String lastKey() {
    Node<V> n = tree();
    Node<V> best = null;
    while (n != null) {
      if (hi == null || n.key.compareTo(hi) < 0) {
        best = n;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    if (best == null || !inRange(best.key)) {
      throw new NoSuchElementException();
    }
    return best.key;
  }

  // --- AVL with path copying

  private static int h(Node<?> n) {
    return n == null ? 0 : n.height;
  }

  private static int sz(Node<?> n) {
    return n == null ? 0 : n.size;
  }

  private static <V> Node<V> insert(Node<V> n, String k, V v) {
    if (n == null) {
      return new Node<>(k, v, null, null);
    }
    int c = k.compareTo(n.key);
    if (c == 0) {
      return new Node<>(k, v, n.left, n.right);
    }
    return c < 0
        ? balance(n.key, n.value, insert(n.left, k, v), n.right)
        : balance(n.key, n.value, n.left, insert(n.right, k, v));
  }

  private static <V> Node<V> delete(Node<V> n, String k) {
    if (n == null) {
      return null;
    }
    int c = k.compareTo(n.key);
    if (c < 0) {
      return balance(n.key, n.value, delete(n.left, k), n.right);
    }
    if (c > 0) {
      return balance(n.key, n.value, n.left, delete(n.right, k));
    }
    if (n.left == null) {
      return n.right;
    }
    if (n.right == null) {
      return n.left;
    }
    Node<V> min = n.right;
    while (min.left != null) {
      min = min.left;
    }
    return balance(min.key, min.value, n.left, delete(n.right, min.key));
  }

  private static <V> Node<V> balance(String k, V v, Node<V> l, Node<V> r) {
    int d = h(l) - h(r);
    if (d > 1) {
      if (h(l.left) >= h(l.right)) {
        return new Node<>(l.key, l.value, l.left, new Node<>(k, v, l.right, r));
      }
      return new Node<>(
          l.right.key,
          l.right.value,
          new Node<>(l.key, l.value, l.left, l.right.left),
          new Node<>(k, v, l.right.right, r));
    }
    if (d < -1) {
      if (h(r.right) >= h(r.left)) {
        return new Node<>(r.key, r.value, new Node<>(k, v, l, r.left), r.right);
      }
      return new Node<>(
          r.left.key,
          r.left.value,
          new Node<>(k, v, l, r.left.left),
          new Node<>(r.key, r.value, r.left.right, r.right));
    }
    return new Node<>(k, v, l, r);
  }
}
