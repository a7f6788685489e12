package io.nativemesh.server.internal.state;

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One catalog node with its services and checks, the same shape for the agent's node and for nodes
 * registered through the catalog API. Immutable view of one snapshot.
 *
 * @param node the node
 * @param services its service instances, ordered by ID
 * @param checks its checks (node and service), ordered by check ID
 */
public record NodeView(Node node, Collection<AgentService> services, List<HealthCheck> checks) {

  /**
   * @param serviceId an instance ID on this node
   * @return the node checks followed by the instance's checks, each group ordered by check ID
   */
  public List<HealthCheck> checksForInstance(String serviceId) {
    List<HealthCheck> nodeChecks = new ArrayList<>();
    List<HealthCheck> serviceChecks = new ArrayList<>();
    for (HealthCheck c : checks) {
      String owner = c.serviceId();
      if (owner == null || owner.isEmpty()) {
        nodeChecks.add(c);
      } else if (owner.equals(serviceId)) {
        serviceChecks.add(c);
      }
    }
    nodeChecks.addAll(serviceChecks);
    return nodeChecks;
  }
}
