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
package io.nativemesh.gossip;

import java.util.Map;

/**
 * A snapshot of traffic and drop counters since the pool started. Immutable.
 *
 * @param udpPacketsSent UDP packets sent
 * @param udpBytesSent UDP bytes sent (after encryption and framing)
 * @param udpPacketsReceived UDP packets received (including dropped ones)
 * @param tcpBytesSent TCP bytes written (push/pull, TCP pings, reliable messages)
 * @param dropped dropped inbound packets/streams by reason (e.g. {@code BAD_CRC}, {@code
 *     DECRYPT_FAILED}, {@code TRUNCATED}, {@code MALFORMED}, {@code UNKNOWN_TYPE}, {@code
 *     OVERSIZED}, {@code LABEL_MISMATCH}, {@code UNEXPECTED_ENCRYPTION})
 * @param healthScore Lifeguard local health score (0 = healthy)
 * @since 0.1.0
 */
public record GossipStats(
    long udpPacketsSent,
    long udpBytesSent,
    long udpPacketsReceived,
    long tcpBytesSent,
    Map<String, Long> dropped,
    int healthScore) {
  public GossipStats {
    dropped = Map.copyOf(dropped);
  }

  /** Total dropped inbound packets and streams. */
  public long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Dropped count for one reason name, 0 if none. */
  public long dropped(String reason) {
    return dropped.getOrDefault(reason, 0L);
  }
}
