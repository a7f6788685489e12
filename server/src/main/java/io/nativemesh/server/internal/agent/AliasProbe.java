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
package io.nativemesh.server.internal.agent;

import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.server.internal.state.NodeView;
import io.nativemesh.server.internal.state.StateSnapshot;

/**
 * Evaluates an alias check (Consul: {@code agent/checks/alias.go} {@code processChecks}): the
 * aliased node's checks that are node checks or belong to the aliased service ID decide; critical
 * wins over warning, warning over passing; with {@code AliasService} set and no check of that
 * service on the node, the alias is critical ("could not be found"). {@code AliasNode} defaults to
 * the agent's node. The alias check never counts itself. Stateless and thread-safe.
 */
final class AliasProbe {
  private AliasProbe() {}

  /**
   * @param s the current state
   * @param selfId the alias check's own ID
   * @param aliasService the aliased service ID, or null for a node alias
   * @param aliasNode the aliased node, or null for the agent's node
   * @return {status, output}
   */
  static String[] evaluate(StateSnapshot s, String selfId, String aliasService, String aliasNode) {
    String node = aliasNode != null ? aliasNode : s.node() == null ? "" : s.node().node();
    NodeView view = s.nodeView(node);
    if (view == null) {
      return new String[] {HealthCheck.CRITICAL, "Node " + node + " could not be found"};
    }
    String health = HealthCheck.PASSING;
    String output = "No checks found.";
    boolean serviceFound = aliasService == null;
    for (HealthCheck c : view.checks()) {
      if (c.checkId().equals(selfId)) {
        continue;
      }
      String sid = c.serviceId() == null ? "" : c.serviceId();
      boolean serviceMatch = aliasService != null && aliasService.equals(sid);
      if (!sid.isEmpty() && !serviceMatch) {
        continue;
      }
      serviceFound |= serviceMatch;
      if (HealthCheck.CRITICAL.equals(c.status())) {
        health = HealthCheck.CRITICAL;
        output = "Aliased check \"" + c.name() + "\" failing: " + c.output();
      } else if (HealthCheck.WARNING.equals(c.status()) && !health.equals(HealthCheck.CRITICAL)) {
        health = HealthCheck.WARNING;
        output = "Aliased check \"" + c.name() + "\" failing: " + c.output();
      } else if (health.equals(HealthCheck.PASSING)) {
        output = "All checks passing.";
      }
    }
    if (!serviceFound) {
      return new String[] {
        HealthCheck.CRITICAL, "Service " + aliasService + " could not be found on node " + node
      };
    }
    return new String[] {health, output};
  }
}
