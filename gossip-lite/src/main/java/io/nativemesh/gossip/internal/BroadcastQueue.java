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
package io.nativemesh.gossip.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * memberlist's {@code TransmitLimitedQueue}: each queued message is sent at most {@code
 * RetransmitMult * ceil(log10(n+1))} times, fewest-transmitted first, then (as memberlist's btree
 * order) the longest, then the newest; a new message about a node invalidates older ones about the
 * same node. Thread-safe.
 */
public final class BroadcastQueue {
  private final IntSupplier numNodes;
  private final int retransmitMult;
  private final List<Item> items = new ArrayList<>();
  private long nextId;

  private static final class Item {
    final String name;
    final byte[] msg;
    final Runnable finished;
    final long id;
    int transmits;

    Item(String name, byte[] msg, Runnable finished, long id) {
      this.name = name;
      this.msg = msg;
      this.finished = finished;
      this.id = id;
    }
  }

  /**
   * memberlist's {@code limitedBroadcast.Less}: transmits ascending, length descending, id
   * descending.
   */
  private static final Comparator<Item> ORDER =
      Comparator.<Item>comparingInt(i -> i.transmits)
          .thenComparing(i -> -i.msg.length)
          .thenComparing(i -> -i.id);

  public BroadcastQueue(IntSupplier numNodes, int retransmitMult) {
    this.numNodes = numNodes;
    this.retransmitMult = retransmitMult;
  }

  /** memberlist's {@code retransmitLimit}. */
  public static int retransmitLimit(int retransmitMult, int n) {
    return retransmitMult * (int) Math.ceil(Math.log10(n + 1.0));
  }

  /**
   * Queues a message.
   *
   * @param name node the message is about (older messages with the same name are dropped), or null
   * @param finished run once when the message is dropped (sent enough or invalidated), or null
   */
  public void queue(String name, byte[] msg, Runnable finished) {
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      if (name != null) {
        for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
          Item i = it.next();
          if (name.equals(i.name)) {
            it.remove();
            if (i.finished != null) {
              done.add(i.finished);
            }
          }
        }
      }
      items.add(new Item(name, msg, finished, nextId++));
    }
    done.forEach(Runnable::run);
  }

  /**
   * Takes messages that fit in {@code limit} bytes, counting {@code overhead} bytes per message.
   */
  public List<byte[]> get(int overhead, int limit) {
    List<byte[]> out = new ArrayList<>();
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      if (items.isEmpty()) {
        return out;
      }
      int transmitLimit = retransmitLimit(retransmitMult, numNodes.getAsInt());
      items.sort(ORDER);
      int used = 0;
      for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
        Item i = it.next();
        if (used + overhead + i.msg.length > limit) {
          continue;
        }
        used += overhead + i.msg.length;
        out.add(i.msg);
        i.transmits++;
        if (i.transmits >= transmitLimit) {
          it.remove();
          if (i.finished != null) {
            done.add(i.finished);
          }
        }
      }
    }
    done.forEach(Runnable::run);
    return out;
  }

  public synchronized int size() {
    return items.size();
  }
}
