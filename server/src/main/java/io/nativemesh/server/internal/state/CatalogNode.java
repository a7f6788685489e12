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
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Node;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node registered through {@code PUT /v1/catalog/register} (not the agent's own node): its
 * services and checks. Nobody runs catalog checks (docs/consul-api.md, "Catalog"). Immutable; the
 * maps are unmodifiable.
 *
 * @param node the node
 * @param services its service instances by ID
 * @param checks its checks by check ID (node and service checks)
 */
public record CatalogNode(
    Node node, SortedMap<String, AgentService> services, SortedMap<String, HealthCheck> checks) {
  /** Copies the maps. */
  public CatalogNode {
    Objects.requireNonNull(node, "node");
    services =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(services == null ? Collections.emptySortedMap() : services));
    checks =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(checks == null ? Collections.emptySortedMap() : checks));
  }
}
