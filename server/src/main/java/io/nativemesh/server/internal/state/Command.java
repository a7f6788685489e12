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

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IntentionPermission;
import io.nativemesh.core.model.Node;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A write to the state machine (Consul: a Raft log entry). Commands are plain immutable data and
 * carry everything non-deterministic (generated IDs, timestamps, key material) so that applying the
 * same command sequence always produces the same state — the property a durable or replicated log
 * needs. Validation of user input happens before a command is built; {@link StateMachine} only
 * enforces invariants.
 *
 * <p>The hierarchy is sealed and every command names its result type {@code R} ({@link Void} when
 * it has none): {@link StateStore#apply(Command)} returns an {@code Applied<R>}, so callers never
 * cast. Dispatch goes through {@link #applyTo(Handler)}, one {@link Handler} method per command: a
 * new command does not compile until it has a handler method and every handler implements it.
 *
 * <p>Commands are logged (see {@code internal.storage.CommandType}): their record component names
 * and types are part of the on-disk format (docs/server-state-format.md).
 *
 * @param <R> the type of the command's result
 */
public sealed interface Command<R> {

  /**
   * Calls the handler method for this command type.
   *
   * @param handler the handler
   * @return what the handler returned
   */
  R applyTo(Handler handler);

  /**
   * One typed method per command type (a visitor). {@link StateMachine} implements it to apply
   * commands; the Java compiler checks that every command has a method here and that every handler
   * implements all of them. Each method may throw what the command documents (e.g. {@link
   * IllegalStateException} for an invariant violation).
   */
  interface Handler {
    /** Applies a {@link RegisterNode}; returns null. */
    Void registerNode(RegisterNode c);

    /** Applies a {@link RegisterService}; returns null. */
    Void registerService(RegisterService c);

    /** Applies a {@link DeregisterService}; returns whether the instance existed. */
    Boolean deregisterService(DeregisterService c);

    /** Applies a {@link UpdateCheck}; returns whether the check exists. */
    Boolean updateCheck(UpdateCheck c);

    /** Applies a {@link UpsertIntention}; returns the stored intention. */
    Intention upsertIntention(UpsertIntention c);

    /** Applies a {@link DeleteIntention}; returns whether the intention existed. */
    Boolean deleteIntention(DeleteIntention c);

    /** Applies a {@link CreateIntention}; returns the outcome. */
    IntentionWrite createIntention(CreateIntention c);

    /** Applies a {@link UpdateIntention}; returns the outcome. */
    IntentionWrite updateIntention(UpdateIntention c);

    /** Applies a {@link DeleteIntentionById}; returns whether the intention existed. */
    Boolean deleteIntentionById(DeleteIntentionById c);

    /** Applies a {@link SetIntentionEntry}; returns false when the check-and-set failed. */
    Boolean setIntentionEntry(SetIntentionEntry c);

    /** Applies a {@link DeleteIntentionEntry}; returns whether the entry was deleted. */
    Boolean deleteIntentionEntry(DeleteIntentionEntry c);

    /** Applies a {@link BootstrapCa}; returns null. */
    Void bootstrapCa(BootstrapCa c);

    /** Applies a {@link SetCaConfig}; returns null. */
    Void setCaConfig(SetCaConfig c);

    /** Applies a {@link RotateCaRoot}; returns null. */
    Void rotateCaRoot(RotateCaRoot c);

    /** Applies a {@link PruneCaRoots}; returns the number of roots removed. */
    Integer pruneCaRoots(PruneCaRoots c);

    /** Applies a {@link Txn}; returns the transaction's outcome. */
    TxnResult txn(Txn c);

    /** Applies a {@link CreateSession}; returns the stored session. */
    Session createSession(CreateSession c);

    /** Applies a {@link DestroySession}; returns whether the session existed. */
    Boolean destroySession(DestroySession c);

    /** Applies a {@link CatalogRegister}; returns null. */
    Void catalogRegister(CatalogRegister c);

    /** Applies a {@link CatalogDeregister}; returns whether something was removed. */
    Boolean catalogDeregister(CatalogDeregister c);

    /** Applies a {@link RegisterCheck}; returns null. */
    Void registerCheck(RegisterCheck c);

    /** Applies a {@link DeregisterCheck}; returns whether the check existed. */
    Boolean deregisterCheck(DeregisterCheck c);

    /** Applies a {@link UpsertAclToken}; returns the stored token. */
    AclToken upsertAclToken(UpsertAclToken c);

    /** Applies a {@link DeleteAclToken}; returns whether the token existed. */
    Boolean deleteAclToken(DeleteAclToken c);

    /** Applies a {@link ReserveLeafSerial}; returns the first serial of the reserved block. */
    Long reserveLeafSerial(ReserveLeafSerial c);

    /** Applies a {@link UpsertAclPolicy}; returns the stored policy. */
    AclPolicy upsertAclPolicy(UpsertAclPolicy c);

    /** Applies a {@link DeleteAclPolicy}; returns whether the policy existed. */
    Boolean deleteAclPolicy(DeleteAclPolicy c);

    /** Applies a {@link UpsertAclRole}; returns the stored role. */
    AclRole upsertAclRole(UpsertAclRole c);

    /** Applies a {@link DeleteAclRole}; returns whether the role existed. */
    Boolean deleteAclRole(DeleteAclRole c);

    /** Applies a {@link SetConfigEntry}; returns false when the check-and-set failed. */
    Boolean setConfigEntry(SetConfigEntry c);

    /** Applies a {@link DeleteConfigEntry}; returns whether the entry was deleted. */
    Boolean deleteConfigEntry(DeleteConfigEntry c);

    /** Applies a {@link UpsertPreparedQuery}; returns the stored query. */
    PreparedQuery upsertPreparedQuery(UpsertPreparedQuery c);

    /** Applies a {@link DeletePreparedQuery}; returns whether the query existed. */
    Boolean deletePreparedQuery(DeletePreparedQuery c);

    /** Applies a {@link CatalogTxn}; returns the transaction's outcome. */
    CatalogTxnResult catalogTxn(CatalogTxn c);

    /** Applies a {@link Restore}; returns null. */
    Void restore(Restore c);
  }

  /**
   * Registers (or updates) the catalog node and its {@code serfHealth} check. No result.
   *
   * @param nodeId node UUID
   * @param nodeName node name
   * @param address node address
   * @param datacenter datacenter
   */
  record RegisterNode(String nodeId, String nodeName, String address, String datacenter)
      implements Command<Void> {
    @Override
    public Void applyTo(Handler handler) {
      return handler.registerNode(this);
    }
  }

  /**
   * Registers or replaces a service instance and replaces all of its checks. No result.
   *
   * @param service the instance; indexes are ignored (the state machine sets them)
   * @param checks the instance's checks; indexes are ignored
   */
  record RegisterService(AgentService service, List<StoredCheck> checks) implements Command<Void> {
    /** Copies the check list. */
    public RegisterService {
      Objects.requireNonNull(service, "service");
      checks = List.copyOf(checks);
    }

    @Override
    public Void applyTo(Handler handler) {
      return handler.registerService(this);
    }
  }

  /**
   * Removes a service instance and its checks; a no-op for an unknown ID. Result: whether it
   * existed.
   *
   * @param serviceId the instance ID
   */
  record DeregisterService(String serviceId) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deregisterService(this);
    }
  }

  /**
   * Sets a check's status and output. Result: whether the check exists.
   *
   * @param checkId the check ID
   * @param status {@code passing}, {@code warning} or {@code critical}
   * @param output the new output
   */
  record UpdateCheck(String checkId, String status, String output) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.updateCheck(this);
    }
  }

  /**
   * Creates or updates the intention for (source, destination) in the default namespace. Result:
   * the stored intention.
   *
   * @param sourceName source name or {@code *}
   * @param destinationName destination name or {@code *}
   * @param action {@code allow}/{@code deny}, or null with {@code permissions}
   * @param permissions L7 permissions or null
   * @param description free text, may be null
   * @param meta metadata, may be null
   * @param newId the ID to use if the intention is created
   * @param now creation/update time
   */
  record UpsertIntention(
      String sourceName,
      String destinationName,
      String action,
      List<IntentionPermission> permissions,
      String description,
      Map<String, String> meta,
      String newId,
      Instant now)
      implements Command<Intention> {
    @Override
    public Intention applyTo(Handler handler) {
      return handler.upsertIntention(this);
    }
  }

  /**
   * Deletes the intention for (source, destination). Result: whether it existed.
   *
   * @param sourceName source name or {@code *}
   * @param destinationName destination name or {@code *}
   */
  record DeleteIntention(String sourceName, String destinationName) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deleteIntention(this);
    }
  }

  /**
   * Creates an intention for (source, destination) unless one exists (Consul API: deprecated {@code
   * POST /v1/connect/intentions}). Result: {@link IntentionWrite.Outcome#WRITTEN} with the stored
   * intention, or {@link IntentionWrite.Outcome#PAIR_TAKEN} with the pair's existing intention,
   * unchanged (the caller reports the duplicate).
   *
   * @param sourceName source name or {@code *}
   * @param destinationName destination name or {@code *}
   * @param action {@code allow}/{@code deny}, or null with {@code permissions}
   * @param permissions L7 permissions or null
   * @param description free text, may be null
   * @param meta metadata, may be null
   * @param newId the new intention's ID; {@link IntentionIdInUseException} if another intention has
   *     it
   * @param now creation time
   */
  record CreateIntention(
      String sourceName,
      String destinationName,
      String action,
      List<IntentionPermission> permissions,
      String description,
      Map<String, String> meta,
      String newId,
      Instant now)
      implements Command<IntentionWrite> {
    @Override
    public IntentionWrite applyTo(Handler handler) {
      return handler.createIntention(this);
    }
  }

  /**
   * Replaces the intention with this ID, possibly moving it to another (source, destination) pair
   * (Consul API: deprecated {@code PUT /v1/connect/intentions/:uuid}); ID, {@code CreatedAt} and
   * {@code CreateIndex} are kept. Result: {@link IntentionWrite.Outcome#WRITTEN} with the stored
   * intention; {@link IntentionWrite.Outcome#NOT_FOUND} when no intention has the ID; {@link
   * IntentionWrite.Outcome#PAIR_TAKEN} with the other intention, unchanged, when the new pair
   * belongs to it.
   *
   * @param id the intention ID
   * @param sourceName new source name or {@code *}
   * @param destinationName new destination name or {@code *}
   * @param action {@code allow}/{@code deny}, or null with {@code permissions}
   * @param permissions L7 permissions or null
   * @param description free text, may be null
   * @param meta metadata, may be null
   * @param now update time
   */
  record UpdateIntention(
      String id,
      String sourceName,
      String destinationName,
      String action,
      List<IntentionPermission> permissions,
      String description,
      Map<String, String> meta,
      Instant now)
      implements Command<IntentionWrite> {
    @Override
    public IntentionWrite applyTo(Handler handler) {
      return handler.updateIntention(this);
    }
  }

  /**
   * Deletes the intention with this ID (Consul API: deprecated {@code DELETE
   * /v1/connect/intentions/:uuid}). Result: whether it existed.
   *
   * @param id the intention ID
   */
  record DeleteIntentionById(String id) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deleteIntentionById(this);
    }
  }

  /**
   * Writes a {@code service-intentions} config entry (Consul API: {@code PUT /v1/config}): the
   * destination's intentions become exactly {@code sources}. A source that already existed keeps
   * its ID, {@code CreatedAt}, {@code CreateIndex} and {@code Meta}; sources not listed are
   * deleted. Result: false when the check-and-set failed (nothing changed).
   *
   * @param name the destination name or {@code *}
   * @param meta the entry's metadata, may be null
   * @param sources the sources, distinct by name
   * @param cas null: unconditional; 0: only if the entry does not exist; otherwise only if the
   *     entry's {@code ModifyIndex} equals it
   * @param now the write time
   */
  record SetIntentionEntry(
      String name, Map<String, String> meta, List<IntentionSource> sources, Long cas, Instant now)
      implements Command<Boolean> {
    /** Copies the sources. */
    public SetIntentionEntry {
      sources = List.copyOf(sources);
    }

    @Override
    public Boolean applyTo(Handler handler) {
      return handler.setIntentionEntry(this);
    }
  }

  /**
   * Deletes a {@code service-intentions} config entry and with it every intention of the
   * destination (Consul API: {@code DELETE /v1/config/service-intentions/:name}). Result: whether
   * it was deleted (false when absent or when the check-and-set failed).
   *
   * @param name the destination name or {@code *}
   * @param cas null: unconditional; otherwise only if the entry's {@code ModifyIndex} equals it
   */
  record DeleteIntentionEntry(String name, Long cas) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deleteIntentionEntry(this);
    }
  }

  /**
   * Initializes the CA with its first root (Consul: CA bootstrap on the first leader). No result;
   * {@link IllegalStateException} if the CA already exists.
   *
   * @param clusterId the cluster ID
   * @param root the root; indexes are ignored
   * @param signingKeyPkcs8 the root's private key, PKCS#8 DER
   * @param config the initial CA configuration; indexes are ignored
   */
  record BootstrapCa(String clusterId, CaRoot root, byte[] signingKeyPkcs8, CaConfig config)
      implements Command<Void> {
    @Override
    public Void applyTo(Handler handler) {
      return handler.bootstrapCa(this);
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
      return "BootstrapCa[clusterId=" + clusterId + ", root=" + root.id() + "]";
    }
  }

  /**
   * Replaces the CA configuration without changing the root key (Consul: {@code
   * UpdateConfiguration} when the provider's root stays the same). No result.
   *
   * @param config the new configuration; indexes are ignored
   */
  record SetCaConfig(CaConfig config) implements Command<Void> {
    @Override
    public Void applyTo(Handler handler) {
      return handler.setCaConfig(this);
    }
  }

  /**
   * Rotates the active root (docs/consul-api.md, "Root rotation and cross-signing"): the old root
   * stays, inactive, with {@code RotatedOutAt = now}; the new root (whose {@code IntermediateCerts}
   * start with the cross-signed certificate) becomes active and its key signs from now on. No
   * result.
   *
   * @param newRoot the new root; {@code Active}, indexes are ignored
   * @param signingKeyPkcs8 the new root's private key, PKCS#8 DER
   * @param config the configuration that caused the rotation; indexes are ignored
   * @param now the rotation time (recorded as the old root's {@code RotatedOutAt})
   */
  record RotateCaRoot(CaRoot newRoot, byte[] signingKeyPkcs8, CaConfig config, Instant now)
      implements Command<Void> {
    @Override
    public Void applyTo(Handler handler) {
      return handler.rotateCaRoot(this);
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
      return "RotateCaRoot[root=" + newRoot.id() + ", config=" + config + ", now=" + now + "]";
    }
  }

  /**
   * Removes inactive roots (Consul: the leader prunes roots rotated out more than 2 × LeafCertTTL
   * ago). Unknown or active IDs are ignored. Result: the number removed.
   *
   * @param rootIds the root IDs to remove
   */
  record PruneCaRoots(List<String> rootIds) implements Command<Integer> {
    /** Copies the list. */
    public PruneCaRoots {
      rootIds = List.copyOf(rootIds);
    }

    @Override
    public Integer applyTo(Handler handler) {
      return handler.pruneCaRoots(this);
    }
  }

  /**
   * An atomic KV transaction (Consul: {@code PUT /v1/txn} KV operations; single KV writes are
   * one-operation transactions). Either every operation succeeds or nothing changes. Result: the
   * {@link TxnResult}.
   *
   * @param ops the operations, at most 64
   * @param now the time of the write (lock-delay checks)
   */
  record Txn(List<KvOp> ops, Instant now) implements Command<TxnResult> {
    /** Copies the list. */
    public Txn {
      ops = List.copyOf(ops);
    }

    @Override
    public TxnResult applyTo(Handler handler) {
      return handler.txn(this);
    }
  }

  /**
   * Creates a session. The state machine sets the indexes. Result: the stored {@link Session}.
   *
   * @param session the session
   */
  record CreateSession(Session session) implements Command<Session> {
    @Override
    public Session applyTo(Handler handler) {
      return handler.createSession(this);
    }
  }

  /**
   * Invalidates a session (destroy, TTL expiry): its locks are released, or its keys deleted with
   * behaviour {@code delete}, and those keys get a lock-delay until {@code now + LockDelay}.
   * Result: whether it existed.
   *
   * @param sessionId the session ID
   * @param now the time of invalidation
   */
  record DestroySession(String sessionId, Instant now) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.destroySession(this);
    }
  }

  /**
   * {@code PUT /v1/catalog/register}: upserts a node and optionally one service and checks. On the
   * agent's own node only the service and checks are applied (the agent owns its node record).
   * Fails with {@link IllegalStateException} when a check names a service the node does not have.
   * No result.
   *
   * @param node the node; indexes are ignored
   * @param service the service instance, or null; indexes are ignored
   * @param checks checks to upsert (node checks have an empty service ID); indexes are ignored
   * @param skipNodeUpdate keep an existing node record unchanged
   */
  record CatalogRegister(
      Node node, AgentService service, List<HealthCheck> checks, boolean skipNodeUpdate)
      implements Command<Void> {
    /** Copies the check list. */
    public CatalogRegister {
      Objects.requireNonNull(node, "node");
      checks = checks == null ? List.of() : List.copyOf(checks);
    }

    @Override
    public Void applyTo(Handler handler) {
      return handler.catalogRegister(this);
    }
  }

  /**
   * {@code PUT /v1/catalog/deregister}: removes a check, a service (with its checks) or, with
   * neither, the whole node. Result: whether something was removed.
   *
   * @param node node name
   * @param serviceId service instance ID or null
   * @param checkId check ID or null
   */
  record CatalogDeregister(String node, String serviceId, String checkId)
      implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.catalogDeregister(this);
    }
  }

  /**
   * Registers or replaces one check on the agent's node ({@code PUT /v1/agent/check/register},
   * maintenance checks). A service check must name an existing instance ({@link
   * IllegalStateException}). No result.
   *
   * @param check the check; indexes are ignored, service name and tags are taken from the instance
   */
  record RegisterCheck(StoredCheck check) implements Command<Void> {
    @Override
    public Void applyTo(Handler handler) {
      return handler.registerCheck(this);
    }
  }

  /**
   * Removes one check of the agent's node. Result: whether it existed.
   *
   * @param checkId the check ID
   */
  record DeregisterCheck(String checkId) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deregisterCheck(this);
    }
  }

  /**
   * Creates or replaces an ACL token (by accessor ID). Result: the stored {@link AclToken}.
   *
   * @param token the token; indexes are ignored
   */
  record UpsertAclToken(AclToken token) implements Command<AclToken> {
    @Override
    public AclToken applyTo(Handler handler) {
      return handler.upsertAclToken(this);
    }
  }

  /**
   * Deletes an ACL token. Result: whether it existed.
   *
   * @param accessorId the accessor ID
   */
  record DeleteAclToken(String accessorId) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deleteAclToken(this);
    }
  }

  /**
   * Reserves a block of leaf serial numbers (Consul: the built-in provider's raft serial counter);
   * the agent hands them out from memory, so one durable write covers {@code count} issuances.
   * Result: the first serial of the block; {@link IllegalStateException} before the CA exists.
   *
   * @param count serials to reserve; values below 1 mean 1 (logs written before blocks existed)
   */
  record ReserveLeafSerial(int count) implements Command<Long> {
    /** One serial. */
    public ReserveLeafSerial() {
      this(1);
    }

    @Override
    public Long applyTo(Handler handler) {
      return handler.reserveLeafSerial(this);
    }
  }

  /**
   * Creates or replaces an ACL policy (by ID). Result: the stored policy; {@link
   * IllegalStateException} when another policy has the name.
   *
   * @param policy the policy; indexes are ignored
   */
  record UpsertAclPolicy(AclPolicy policy) implements Command<AclPolicy> {
    @Override
    public AclPolicy applyTo(Handler handler) {
      return handler.upsertAclPolicy(this);
    }
  }

  /**
   * Deletes an ACL policy; links to it from tokens and roles then grant nothing (as in Consul).
   * Result: whether it existed.
   *
   * @param id the policy ID
   */
  record DeleteAclPolicy(String id) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deleteAclPolicy(this);
    }
  }

  /**
   * Creates or replaces an ACL role (by ID). Result: the stored role; {@link IllegalStateException}
   * when another role has the name.
   *
   * @param role the role; indexes are ignored
   */
  record UpsertAclRole(AclRole role) implements Command<AclRole> {
    @Override
    public AclRole applyTo(Handler handler) {
      return handler.upsertAclRole(this);
    }
  }

  /**
   * Deletes an ACL role. Result: whether it existed.
   *
   * @param id the role ID
   */
  record DeleteAclRole(String id) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deleteAclRole(this);
    }
  }

  /**
   * Writes a config entry of a kind other than {@code service-intentions} (Consul API: {@code PUT
   * /v1/config}). Result: false when the check-and-set failed (nothing changed).
   *
   * @param kind the entry's kind
   * @param name the entry's name
   * @param body the entry's other fields (see {@link ConfigEntry#body()})
   * @param cas null: unconditional; 0: only if the entry does not exist; otherwise only if its
   *     {@code ModifyIndex} equals it
   */
  record SetConfigEntry(String kind, String name, Map<String, Object> body, Long cas)
      implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.setConfigEntry(this);
    }
  }

  /**
   * Deletes a config entry of a kind other than {@code service-intentions}. Result: whether it was
   * deleted (false when absent or when the check-and-set failed).
   *
   * @param kind the entry's kind
   * @param name the entry's name
   * @param cas null: unconditional; otherwise only if the entry's {@code ModifyIndex} equals it
   */
  record DeleteConfigEntry(String kind, String name, Long cas) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deleteConfigEntry(this);
    }
  }

  /**
   * Creates or replaces a prepared query (by ID). Result: the stored query; {@link
   * IllegalStateException} when another query has the (non-empty) name.
   *
   * @param query the query; indexes are ignored
   */
  record UpsertPreparedQuery(PreparedQuery query) implements Command<PreparedQuery> {
    @Override
    public PreparedQuery applyTo(Handler handler) {
      return handler.upsertPreparedQuery(this);
    }
  }

  /**
   * Deletes a prepared query. Result: whether it existed.
   *
   * @param id the query ID
   */
  record DeletePreparedQuery(String id) implements Command<Boolean> {
    @Override
    public Boolean applyTo(Handler handler) {
      return handler.deletePreparedQuery(this);
    }
  }

  /**
   * A transaction with catalog operations (Consul API: {@code PUT /v1/txn} with {@code Node},
   * {@code Service} or {@code Check} operations beside {@code KV}): all or nothing. KV-only
   * transactions stay {@link Txn}. Result: the outcome.
   *
   * @param ops the operations, in order
   * @param now the time KV operations see (session lock delays)
   */
  record CatalogTxn(List<TxnOp> ops, Instant now) implements Command<CatalogTxnResult> {
    /** Copies the operations. */
    public CatalogTxn {
      ops = List.copyOf(ops);
    }

    @Override
    public CatalogTxnResult applyTo(Handler handler) {
      return handler.catalogTxn(this);
    }
  }

  /**
   * Replaces the whole state with a saved one ({@code PUT /v1/snapshot}), atomically. Unlike every
   * other command its index may jump: it is applied at {@code max(current, saved.index()) + 1}, so
   * that no index a client saw before, and no index stored in the restored entries, is ever reused.
   * Every table is touched. No result.
   *
   * @param state the saved state ({@code GET /v1/snapshot})
   */
  record Restore(StateSnapshot state) implements Command<Void> {
    /** Requires the state. */
    public Restore {
      Objects.requireNonNull(state, "state");
    }

    /**
     * @param current the index of the state it applies to
     * @return the index it is applied at
     */
    public long indexAfter(long current) {
      return Math.max(current, state.index()) + 1;
    }

    @Override
    public Void applyTo(Handler handler) {
      return handler.restore(this);
    }
  }
}
