package io.nativemesh.gossip.internal;

import java.time.Duration;

/**
 * Lifeguard's Local Health Multiplier (memberlist {@code awareness}): a score in
 * {@code [0, max-1]} that grows when this node seems unhealthy (missed nacks, refutations) and
 * scales the probe interval by {@code score + 1}. Thread-safe.
 */
public final class Awareness {
    private final int max;
    private int score;

    /** @param max memberlist's {@code AwarenessMaxMultiplier} (8) */
    public Awareness(int max) {
        this.max = max;
    }

    /** Adds {@code delta} (may be negative), clamped to {@code [0, max-1]}. */
    public synchronized void applyDelta(int delta) {
        score = Math.max(0, Math.min(max - 1, score + delta));
    }

    public synchronized int score() {
        return score;
    }

    /** {@code timeout * (score + 1)}. */
    public synchronized Duration scale(Duration timeout) {
        return timeout.multipliedBy(score + 1L);
    }
}
