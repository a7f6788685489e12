package io.nativemesh.gossip;

/**
 * Membership and message callbacks. All methods are invoked on one dedicated event thread, in
 * the order the changes were applied, never while internal locks are held; a slow listener delays
 * later events but not the protocol. Exceptions thrown by a listener are logged and ignored.
 */
public interface GossipListener {
    /** A member became alive (new, or back after dead/left). */
    default void onJoin(Member member) {
    }

    /** An alive member's metadata (or address after a reclaim) changed. */
    default void onUpdate(Member member) {
    }

    /** A member left the pool cleanly (it gossiped its own departure). */
    default void onLeave(Member member) {
    }

    /** A member was declared dead (its suspicion timed out here or elsewhere). */
    default void onFail(Member member) {
    }

    /** A user message arrived (UDP broadcast or reliable TCP message); the array is owned by the callee. */
    default void onMessage(byte[] payload) {
    }
}
