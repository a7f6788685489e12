/**
 * gossip-lite: a hashicorp/memberlist-compatible gossip membership node (SWIM with Lifeguard).
 *
 * <p>Start a node with {@link io.nativemesh.gossip.GossipPool#start(GossipConfig,
 * GossipListener...)} from a {@link io.nativemesh.gossip.GossipConfig} (name, bind/advertise
 * address, seeds, {@link io.nativemesh.gossip.Keyring}, {@link io.nativemesh.gossip.Profile}); read
 * {@link io.nativemesh.gossip.GossipPool#members()}, update metadata, broadcast or send user
 * messages, observe {@link io.nativemesh.gossip.GossipListener} callbacks, and {@link
 * io.nativemesh.gossip.GossipPool#close()} to leave. The wire format, timing defaults and state
 * rules follow memberlist (protocol versions 1..5, speaking 2), so Java and Go nodes can share a
 * pool. Everything under {@code io.nativemesh.gossip.internal} is implementation.
 */
package io.nativemesh.gossip;
