package io.nativemesh.gossip;

import java.util.Map;

/**
 * A snapshot of traffic and drop counters since the pool started. Immutable.
 *
 * @param udpPacketsSent UDP packets sent
 * @param udpBytesSent UDP bytes sent (after encryption and framing)
 * @param udpPacketsReceived UDP packets received (including dropped ones)
 * @param tcpBytesSent TCP bytes written (push/pull, TCP pings, reliable messages)
 * @param dropped dropped inbound packets/streams by reason (e.g. {@code BAD_CRC}, {@code DECRYPT_FAILED},
 *                {@code TRUNCATED}, {@code MALFORMED}, {@code UNKNOWN_TYPE}, {@code OVERSIZED},
 *                {@code LABEL_MISMATCH}, {@code UNEXPECTED_ENCRYPTION})
 * @param healthScore Lifeguard local health score (0 = healthy)
 */
public record GossipStats(long udpPacketsSent, long udpBytesSent, long udpPacketsReceived, long tcpBytesSent,
                          Map<String, Long> dropped, int healthScore) {
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
