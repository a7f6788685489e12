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
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A service instance as the health and agent endpoints return it ({@code AgentService}).
 *
 * @param kind {@code ""} for typical services, {@code connect-proxy} for sidecars
 * @param id instance ID
 * @param service service name
 * @param tags tags
 * @param address service address, may be empty (use the node address)
 * @param meta metadata
 * @param port port
 * @param weights SRV weights
 * @param enableTagOverride tag override flag
 * @param connect Connect settings, {@code Native=true} for Connect-native services
 * @param datacenter datacenter (agent endpoints only)
 * @param contentHash {@code ContentHash} (hash-blocking agent endpoint only)
 * @param createIndex Raft index of creation
 * @param modifyIndex Raft index of last modification
 * @param proxy the {@code Proxy} block of a {@code connect-proxy} instance, null otherwise (and
 *     then omitted from JSON)
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentService(
    @JsonProperty("Kind") String kind,
    @JsonProperty("ID") String id,
    @JsonProperty("Service") String service,
    @JsonProperty("Tags") List<String> tags,
    @JsonProperty("Address") String address,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("Port") int port,
    @JsonProperty("Weights") Weights weights,
    @JsonProperty("EnableTagOverride") boolean enableTagOverride,
    @JsonProperty("Connect") ConnectSettings connect,
    @JsonProperty("Datacenter") String datacenter,
    @JsonProperty("ContentHash") String contentHash,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex,
    @JsonProperty("Proxy") @JsonInclude(JsonInclude.Include.NON_NULL) ProxyConfig proxy) {

  /**
   * An instance without a {@code Proxy} block (every kind but {@code connect-proxy}).
   *
   * @param kind kind
   * @param id instance ID
   * @param service service name
   * @param tags tags
   * @param address address
   * @param meta metadata
   * @param port port
   * @param weights weights
   * @param enableTagOverride tag override flag
   * @param connect Connect settings
   * @param datacenter datacenter
   * @param contentHash content hash
   * @param createIndex creation index
   * @param modifyIndex modification index
   */
  public AgentService(
      String kind,
      String id,
      String service,
      List<String> tags,
      String address,
      Map<String, String> meta,
      int port,
      Weights weights,
      boolean enableTagOverride,
      ConnectSettings connect,
      String datacenter,
      String contentHash,
      long createIndex,
      long modifyIndex) {
    this(
        kind,
        id,
        service,
        tags,
        address,
        meta,
        port,
        weights,
        enableTagOverride,
        connect,
        datacenter,
        contentHash,
        createIndex,
        modifyIndex,
        null);
  }
}
