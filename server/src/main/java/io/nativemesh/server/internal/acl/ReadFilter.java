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
package io.nativemesh.server.internal.acl;

import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.server.internal.http.ApiResponse;

/**
 * Per-item ACL filtering of catalog, health and agent reads, as Consul's {@code acl/filter}: a node
 * needs {@code node:read} on its name, a service instance {@code service:read} on its service name
 * and {@code node:read} on its node, a check {@code node:read} on its node and, for a service
 * check, {@code service:read} on its service. Items the token cannot read are left out and {@link
 * #mark} adds Consul 1.13's {@code X-Consul-Results-Filtered-By-ACLs: true}. One instance per query
 * run (it remembers whether it removed anything); not thread-safe.
 */
public final class ReadFilter {
  /** Consul's header telling that ACLs removed items from a result. */
  public static final String HEADER = "X-Consul-Results-Filtered-By-ACLs";

  private final Acl acl;
  private final Acl.Identity id;
  private boolean removed;

  ReadFilter(Acl acl, Acl.Identity id) {
    this.acl = acl;
    this.id = id;
  }

  private boolean keep(boolean allowed) {
    if (!allowed) {
      removed = true;
    }
    return allowed;
  }

  /**
   * @param service a service name
   * @return whether the token may read it ({@code service:read})
   */
  public boolean service(String service) {
    return keep(acl.allows(id, "service", service, Access.READ));
  }

  /**
   * @param node a node name
   * @return whether the token may read it ({@code node:read})
   */
  public boolean node(String node) {
    return keep(acl.allows(id, "node", node, Access.READ));
  }

  /**
   * @param node the instance's node name
   * @param service the instance's service name
   * @return whether the token may read the instance (both permissions)
   */
  public boolean instance(String node, String service) {
    return keep(
        acl.allows(id, "node", node, Access.READ)
            && acl.allows(id, "service", service, Access.READ));
  }

  /**
   * @param c a health check
   * @return whether the token may read it
   */
  public boolean check(HealthCheck c) {
    return c.serviceName() == null || c.serviceName().isEmpty()
        ? node(c.node())
        : instance(c.node(), c.serviceName());
  }

  /**
   * @return whether something was left out
   */
  public boolean removedAny() {
    return removed;
  }

  /**
   * @param r the response built from the filtered items
   * @return {@code r}, with the header when something was left out
   */
  public ApiResponse mark(ApiResponse r) {
    return removed ? r.header(HEADER, "true") : r;
  }
}
