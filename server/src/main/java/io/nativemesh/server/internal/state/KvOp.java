package io.nativemesh.server.internal.state;

/**
 * One KV operation of a transaction (Consul: {@code api.KVTxnOp}, verbs of {@code PUT /v1/txn};
 * single KV writes are one-operation transactions). Immutable.
 *
 * @param verb {@code set cas lock unlock get get-or-empty get-tree check-index check-session
 *     check-not-exists delete delete-tree delete-cas}
 * @param key the key (prefix for the tree verbs)
 * @param value the value for set-like verbs (null = nil value)
 * @param flags flags for set-like verbs
 * @param index the index for {@code cas}, {@code check-index}, {@code delete-cas}
 * @param session the session for {@code lock}, {@code unlock}, {@code check-session}
 */
public record KvOp(String verb, String key, byte[] value, long flags, long index, String session) {}
