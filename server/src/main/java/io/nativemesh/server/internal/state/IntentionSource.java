package io.nativemesh.server.internal.state;

import io.nativemesh.core.model.IntentionPermission;
import java.util.List;

/**
 * One source of a {@code service-intentions} config entry as written through {@code PUT /v1/config}
 * (docs/consul-api.md, "service-intentions config entries"; Consul's {@code SourceIntention}),
 * already validated. Immutable.
 *
 * @param sourceName source name or {@code *}
 * @param action {@code allow}/{@code deny}, or null with {@code permissions}
 * @param permissions L7 permissions, or null
 * @param description free text, may be null
 * @param newId the intention ID to use if this source is new for the destination (an existing
 *     source keeps its ID)
 */
public record IntentionSource(String sourceName, String action, List<IntentionPermission> permissions, String description,
                              String newId) {
  /** Copies the permissions. */
  public IntentionSource {
    permissions = permissions == null ? null : List.copyOf(permissions);
  }
}
