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
