package io.nativemesh.gossip;

/** A member's state as memberlist tracks it; the ordinal is memberlist's push/pull state code. */
public enum MemberState {
    /** Answering probes. */
    ALIVE,
    /** Missed a probe; will be declared {@link #DEAD} unless it refutes in time. */
    SUSPECT,
    /** Failed: the suspicion timed out (or another member declared it dead). */
    DEAD,
    /** Left the pool cleanly. */
    LEFT;

    /** The state for memberlist's numeric code (0..3). */
    public static MemberState fromCode(int code) {
        MemberState[] v = values();
        if (code < 0 || code >= v.length) {
            throw new IllegalArgumentException("unknown state " + code);
        }
        return v[code];
    }
}
