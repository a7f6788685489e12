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

import io.nativemesh.gossip.GossipStats;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Traffic and drop counters. Thread-safe. */
public final class Stats {
  public final AtomicLong udpPacketsSent = new AtomicLong();
  public final AtomicLong udpBytesSent = new AtomicLong();
  public final AtomicLong udpPacketsReceived = new AtomicLong();
  public final AtomicLong tcpBytesSent = new AtomicLong();
  private final Map<DropReason, AtomicLong> dropped = new EnumMap<>(DropReason.class);

  public Stats() {
    for (DropReason r : DropReason.values()) {
      dropped.put(r, new AtomicLong());
    }
  }

  public void drop(DropReason r) {
    dropped.get(r).incrementAndGet();
  }

  public long dropped(DropReason r) {
    return dropped.get(r).get();
  }

  public GossipStats snapshot(int health) {
    Map<String, Long> d = new HashMap<>();
    dropped.forEach((k, v) -> d.put(k.name(), v.get()));
    return new GossipStats(
        udpPacketsSent.get(),
        udpBytesSent.get(),
        udpPacketsReceived.get(),
        tcpBytesSent.get(),
        d,
        health);
  }
}
