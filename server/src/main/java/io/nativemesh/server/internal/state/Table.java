package io.nativemesh.server.internal.state;

/**
 * The state tables. Each table carries the index of the last command that modified it; a blocking
 * query reports the maximum index of the tables it reads (Consul API: table-granular
 * {@code X-Consul-Index}, issues #3890/#2216: unrelated writes to the same table wake watchers).
 */
public enum Table {
  /** Catalog nodes (the agent's node and nodes registered through the catalog API). */
  NODES,
  /** Service instances. */
  SERVICES,
  /** Health checks, node and service. */
  CHECKS,
  /** Service intentions. */
  INTENTIONS,
  /** Connect CA roots (and the CA provider state that goes with them). */
  CA_ROOTS,
  /** KV entries. */
  KVS,
  /** Sessions. */
  SESSIONS,
  /** ACL tokens. */
  ACL_TOKENS,
  /** The leaf serial counter: bumped by every leaf issuance, read by nobody's blocking query. */
  CA_LEAF
}
