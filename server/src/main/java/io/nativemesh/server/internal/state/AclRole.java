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

import java.util.List;
import java.util.Objects;

/**
 * An ACL role (Consul: {@code ACLRole}, {@code /v1/acl/role}): a named bundle of policies, service
 * identities and node identities that tokens link to. Immutable.
 *
 * @param id the role UUID
 * @param name unique name
 * @param description free text
 * @param policyIds IDs of the linked policies (a link to a deleted policy grants nothing)
 * @param serviceIdentities service names the role acts as (Consul's synthesized service policy)
 * @param nodeIdentities node names the role acts as (Consul's synthesized node policy)
 * @param createIndex index of creation
 * @param modifyIndex index of last modification
 */
public record AclRole(
    String id,
    String name,
    String description,
    List<String> policyIds,
    List<String> serviceIdentities,
    List<String> nodeIdentities,
    long createIndex,
    long modifyIndex) {
  /** Copies the lists; null text becomes empty. */
  public AclRole {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    policyIds = policyIds == null ? List.of() : List.copyOf(policyIds);
    serviceIdentities = serviceIdentities == null ? List.of() : List.copyOf(serviceIdentities);
    nodeIdentities = nodeIdentities == null ? List.of() : List.copyOf(nodeIdentities);
  }

  /**
   * @param create creation index
   * @param modify modification index
   * @return this role with the indexes
   */
  public AclRole withIndexes(long create, long modify) {
    return new AclRole(
        id, name, description, policyIds, serviceIdentities, nodeIdentities, create, modify);
  }
}
