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

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One row of {@code GET /v1/health/service/:service} and {@code GET /v1/health/connect/:service}.
 *
 * @param node the node the instance runs on
 * @param service the service instance
 * @param checks node and service checks of this instance
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceEntry(
    @JsonProperty("Node") Node node,
    @JsonProperty("Service") AgentService service,
    @JsonProperty("Checks") List<HealthCheck> checks) {

  /** Normalizes null checks to empty. */
  public ServiceEntry {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /**
   * @return the address to dial: the service address, else the node address
   */
  public String dialAddress() {
    String a = service.address();
    return a == null || a.isEmpty() ? node.address() : a;
  }

  /**
   * @return true if every check (node and service) is {@code passing} (not a JSON field)
   */
  @JsonIgnore
  public boolean isPassing() {
    return checks.stream().allMatch(c -> HealthCheck.PASSING.equals(c.status()));
  }
}
