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

/**
 * Consul API: {@code GET /v1/agent/self}, the parts clients read (the agent also sends {@code
 * Member}, {@code Meta}, {@code DebugConfig}..., ignored here).
 *
 * @param config the agent's configuration
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentSelf(@JsonProperty("Config") Config config) {

  /**
   * The {@code Config} object of {@code /v1/agent/self}.
   *
   * @param datacenter the agent's datacenter
   * @param primaryDatacenter the primary datacenter (ACLs, Connect CA)
   * @param nodeName the agent's node name
   * @param nodeId the agent's node ID (UUID)
   * @param server true for a server agent
   * @param version the Consul version the agent reports
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Config(
      @JsonProperty("Datacenter") String datacenter,
      @JsonProperty("PrimaryDatacenter") String primaryDatacenter,
      @JsonProperty("NodeName") String nodeName,
      @JsonProperty("NodeID") String nodeId,
      @JsonProperty("Server") boolean server,
      @JsonProperty("Version") String version) {}
}
