/**
 * State: commands, the deterministic state machine, immutable snapshots, table indexes and parked
 * watchers. The single-writer {@link io.nativemesh.server.internal.state.StateStore#apply} is where
 * a durable log will slot in.
 */
package io.nativemesh.server.internal.state;
