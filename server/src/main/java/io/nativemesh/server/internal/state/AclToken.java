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

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An ACL token (Consul: {@code ACLToken}): a management token, or a token whose permissions come
 * from its linked policies and roles and its service and node identities. Immutable.
 *
 * @param accessorId public ID
 * @param secretId the secret presented in requests
 * @param description free text
 * @param management true for a management (global) token
 * @param serviceIdentities service names the token may act as ({@code service:write} on each)
 * @param local Consul's {@code Local} flag, stored and echoed
 * @param createTime creation time
 * @param createIndex index of creation
 * @param modifyIndex index of last modification
 * @param policyIds IDs of linked policies other than global-management (omitted from the stored
 *     JSON when empty, so tokens written before policies existed encode as they did)
 * @param roleIds IDs of linked roles (omitted when empty)
 * @param nodeIdentities node names the token acts as (omitted when empty)
 * @param expirationTime when the token stops resolving and is reaped (Consul's {@code
 *     ExpirationTime}), or null for a token that never expires (omitted from the stored JSON)
 */
public record AclToken(
    String accessorId,
    String secretId,
    String description,
    boolean management,
    List<String> serviceIdentities,
    boolean local,
    Instant createTime,
    long createIndex,
    long modifyIndex,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> policyIds,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> roleIds,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> nodeIdentities,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant expirationTime) {
  /** Copies the lists; absent lists (tokens written before they existed) are empty. */
  public AclToken {
    Objects.requireNonNull(accessorId, "accessorId");
    Objects.requireNonNull(secretId, "secretId");
    serviceIdentities = serviceIdentities == null ? List.of() : List.copyOf(serviceIdentities);
    policyIds = policyIds == null ? List.of() : List.copyOf(policyIds);
    roleIds = roleIds == null ? List.of() : List.copyOf(roleIds);
    nodeIdentities = nodeIdentities == null ? List.of() : List.copyOf(nodeIdentities);
  }

  /**
   * A token without policy, role or node identity links.
   *
   * @param accessorId public ID
   * @param secretId the secret
   * @param description free text
   * @param management true for a management token
   * @param serviceIdentities service identities
   * @param local Consul's {@code Local} flag
   * @param createTime creation time
   * @param createIndex index of creation
   * @param modifyIndex index of last modification
   */
  public AclToken(
      String accessorId,
      String secretId,
      String description,
      boolean management,
      List<String> serviceIdentities,
      boolean local,
      Instant createTime,
      long createIndex,
      long modifyIndex) {
    this(
        accessorId,
        secretId,
        description,
        management,
        serviceIdentities,
        local,
        createTime,
        createIndex,
        modifyIndex,
        null,
        null,
        null,
        null);
  }

  /**
   * Consul: {@code ACLToken.IsExpired}; an expired token resolves like an unknown one.
   *
   * @param now the current time
   * @return true when the token has an expiration time that is not after {@code now}
   */
  public boolean expired(Instant now) {
    return expirationTime != null && !expirationTime.isAfter(now);
  }

  /**
   * @param create creation index
   * @param modify modification index
   * @return this token with the indexes
   */
  public AclToken withIndexes(long create, long modify) {
    return new AclToken(
        accessorId,
        secretId,
        description,
        management,
        serviceIdentities,
        local,
        createTime,
        create,
        modify,
        policyIds,
        roleIds,
        nodeIdentities,
        expirationTime);
  }
}
