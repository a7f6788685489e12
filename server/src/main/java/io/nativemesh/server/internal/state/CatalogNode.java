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
 * maps are
 * unmodifiable.
 *
 * @param node the node
 * @param services its service instances by ID
 * @param checks its checks by check ID (node and service checks)
 */
public record CatalogNode(Node node, SortedMap<String, AgentService> services, SortedMap<String, HealthCheck> checks) {
  /** Copies the maps. */
  public CatalogNode {
    Objects.requireNonNull(node, "node");
    services = Collections.unmodifiableSortedMap(new TreeMap<>(services == null ? Collections.emptySortedMap() : services));
    checks = Collections.unmodifiableSortedMap(new TreeMap<>(checks == null ? Collections.emptySortedMap() : checks));
  }
}
