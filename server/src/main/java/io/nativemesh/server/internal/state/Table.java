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
package io.nativemesh.server.internal.state;

/**
 * The state tables. Each table carries the index of the last command that modified it; a blocking
 * query reports the maximum index of the tables it reads (Consul API: table-granular {@code
 * X-Consul-Index}, issues #3890/#2216: unrelated writes to the same table wake watchers).
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
  CA_LEAF,
  /** ACL policies. */
  ACL_POLICIES,
  /** ACL roles. */
  ACL_ROLES,
  /** Config entries other than service-intentions (those use {@link #INTENTIONS}). */
  CONFIG_ENTRIES,
  /** Prepared queries. */
  PREPARED_QUERIES
}
