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
public record IntentionSource(
    String sourceName,
    String action,
    List<IntentionPermission> permissions,
    String description,
    String newId) {
  /** Copies the permissions. */
  public IntentionSource {
    permissions = permissions == null ? null : List.copyOf(permissions);
  }
}
