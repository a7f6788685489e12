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
package io.nativemesh.server.jepsen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A linearizability checker for one compare-and-set register (initial value 0): the Wing-Gong
 * search with Lowe's memoization of (linearized set, state), the algorithm of Jepsen's Knossos and
 * of porcupine. Calls and returns are laid out in time order; the search repeatedly linearizes a
 * pending call whose effect the model accepts, backtracking when it meets a return whose call it
 * could not place. Operations with an unknown outcome return at infinity, so they may take effect
 * anywhere after their call or not at all.
 *
 * <p>Model: a read must return the current value; a CAS that was applied requires the current value
 * to equal {@code expect} and sets {@code value}; a refused CAS requires a different current value;
 * an unknown CAS applies if the current value matches and otherwise leaves it.
 *
 * <p>An unknown operation has no return event. The search places one only where it changes the
 * state: one that would change nothing can always be moved to the end of the linearization (its
 * return is at infinity and nothing after it sees it), so trying it at every other point would only
 * multiply the states explored. The search succeeds once every operation with a known outcome is
 * placed.
 */
final class CasRegisterChecker {
  private CasRegisterChecker() {}

  /** A call or return event in the doubly linked list of the search. */
  private static final class Entry {
    final boolean call;
    final int id;
    final long time;
    final Op op;
    Entry match; // the call's return
    Entry prev;
    Entry next;

    Entry(boolean call, int id, long time, Op op) {
      this.call = call;
      this.id = id;
      this.time = time;
      this.op = op;
    }
  }

  private record Key(BitSet linearized, long state) {}

  private record Frame(Entry entry, long state) {}

  /**
   * @param history the operations, in any order
   * @param maxStates give up (throw) past this many explored states, so a test cannot hang
   * @return true if some linearization explains every operation
   * @throws IllegalStateException if the search exceeds {@code maxStates}
   */
  static boolean isLinearizable(List<Op> history, long maxStates) {
    List<Entry> events = new ArrayList<>();
    int known = 0;
    for (int i = 0; i < history.size(); i++) {
      Op op = history.get(i);
      Entry c = new Entry(true, i, op.called(), op);
      events.add(c);
      if (op.returned() != Long.MAX_VALUE) {
        Entry r = new Entry(false, i, op.returned(), op);
        c.match = r;
        events.add(r);
        known++;
      }
    }
    // at equal times calls come first: treating touching operations as concurrent only widens
    // the linearizations allowed, never rejects a correct history
    events.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> e.call ? 0 : 1));
    Entry head = new Entry(false, -1, Long.MIN_VALUE, null);
    Entry last = head;
    for (Entry e : events) {
      last.next = e;
      e.prev = last;
      last = e;
    }
    BitSet linearized = new BitSet(history.size());
    Set<Key> cache = new HashSet<>();
    List<Frame> stack = new ArrayList<>();
    long state = 0;
    long explored = 0;
    Entry entry = head.next;
    while (known > 0) {
      if (++explored > maxStates) {
        throw new IllegalStateException("linearizability search exceeded " + maxStates + " states");
      }
      if (entry.call) {
        long next = step(entry.op, state);
        if (next != REJECT) {
          BitSet lin = (BitSet) linearized.clone();
          lin.set(entry.id);
          if (cache.add(new Key(lin, next))) {
            stack.add(new Frame(entry, state));
            state = next;
            linearized = lin;
            lift(entry);
            if (entry.match != null) {
              known--;
            }
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
      } else {
        if (stack.isEmpty()) {
          return false;
        }
        Frame f = stack.remove(stack.size() - 1);
        state = f.state();
        linearized.clear(f.entry().id);
        unlift(f.entry());
        if (f.entry().match != null) {
          known++;
        }
        entry = f.entry().next;
      }
    }
    return true;
  }

  private static final long REJECT = Long.MIN_VALUE;

  /** The model: the state after {@code op}, or {@link #REJECT} if {@code op} cannot happen now. */
  private static long step(Op op, long state) {
    switch (op.kind()) {
      case READ:
        return op.value() == state ? state : REJECT;
      case CAS:
        switch (op.outcome()) {
          case OK:
            return state == op.expect() ? op.value() : REJECT;
          case FAILED:
            return state != op.expect() ? state : REJECT;
          default: // unknown: placed only where it takes effect (see the class comment)
            return state == op.expect() ? op.value() : REJECT;
        }
      default:
        throw new IllegalArgumentException(op.toString());
    }
  }

  private static void lift(Entry call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Entry ret = call.match;
    if (ret == null) {
      return;
    }
    ret.prev.next = ret.next;
    if (ret.next != null) {
      ret.next.prev = ret.prev;
    }
  }

  private static void unlift(Entry call) {
    Entry ret = call.match;
    if (ret != null) {
      ret.prev.next = ret;
      if (ret.next != null) {
        ret.next.prev = ret;
      }
    }
    call.prev.next = call;
    if (call.next != null) {
      call.next.prev = call;
    }
  }
}
