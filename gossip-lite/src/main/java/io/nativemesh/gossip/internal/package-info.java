/**
 * Implementation of gossip-lite; not API. Wire codec ({@code Messages}, {@code MsgpackReader},
 * {@code MsgpackWriter}, {@code Compound}, {@code Lzw}, {@code Envelope}, {@code Encryption}),
 * protocol state ({@code Membership}, {@code Suspicion}, {@code Awareness}, {@code
 * BroadcastQueue}), and the runtime ({@code GossipEngine}, {@code Prober}, {@code Streams}, {@code
 * Transport}).
 */
package io.nativemesh.gossip.internal;
