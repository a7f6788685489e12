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

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An ACL token (Consul: {@code ACLToken}), the subset this server enforces: either a management
 * token or a token with service identities. Immutable.
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
    long modifyIndex) {
  /** Copies the list. */
  public AclToken {
    Objects.requireNonNull(accessorId, "accessorId");
    Objects.requireNonNull(secretId, "secretId");
    serviceIdentities = serviceIdentities == null ? List.of() : List.copyOf(serviceIdentities);
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
        modify);
  }
}
