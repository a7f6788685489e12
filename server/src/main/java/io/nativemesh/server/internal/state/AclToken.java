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
public record AclToken(String accessorId, String secretId, String description, boolean management,
                       List<String> serviceIdentities, boolean local, Instant createTime, long createIndex, long modifyIndex) {
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
    return new AclToken(accessorId, secretId, description, management, serviceIdentities, local, createTime, create, modify);
  }
}
