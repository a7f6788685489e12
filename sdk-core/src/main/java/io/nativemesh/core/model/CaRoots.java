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
package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code IndexedCARoots}; Consul API: {@code GET /v1/agent/connect/ca/roots} and {@code GET
 * /v1/connect/ca/roots}.
 *
 * @param activeRootId the {@link CaRoot#id()} of the active root
 * @param trustDomain {@code <cluster-id>.consul}
 * @param roots every root, active and rotated-out; clients trust all of them
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaRoots(
    @JsonProperty("ActiveRootID") String activeRootId,
    @JsonProperty("TrustDomain") String trustDomain,
    @JsonProperty("Roots") List<CaRoot> roots) {

  /** Normalizes a null root list (as Consul sends before CA bootstrap) to empty. */
  public CaRoots {
    roots = roots == null ? List.of() : List.copyOf(roots);
  }
}
