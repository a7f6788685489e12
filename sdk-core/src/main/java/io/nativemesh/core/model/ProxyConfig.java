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
 * The {@code Proxy} block of a {@code connect-proxy} service instance (Consul: {@code
 * AgentServiceConnectProxyConfig}): which service it fronts and its upstreams. Immutable.
 *
 * @param destinationServiceName the service the proxy fronts
 * @param destinationServiceId the instance it fronts, may be null
 * @param localServiceAddress where the proxy reaches that instance, may be null
 * @param localServicePort that instance's port, may be null
 * @param upstreams the proxy's upstreams, empty when none
 * @param config opaque proxy configuration, may be null
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyConfig(
    @JsonProperty("DestinationServiceName") String destinationServiceName,
    @JsonProperty("DestinationServiceID") String destinationServiceId,
    @JsonProperty("LocalServiceAddress") String localServiceAddress,
    @JsonProperty("LocalServicePort") Integer localServicePort,
    @JsonProperty("Upstreams") List<Upstream> upstreams,
    @JsonProperty("Config") Map<String, Object> config) {

  /** A null upstream list is empty. */
  public ProxyConfig {
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
  }

  /**
   * One upstream of a proxy (Consul: {@code Upstream}).
   *
   * @param destinationType {@code service} (default) or {@code prepared_query}
   * @param destinationName the upstream service or query name
   * @param datacenter its datacenter, may be null
   * @param localBindAddress where the proxy listens for it, may be null
   * @param localBindPort the port the proxy listens on for it
   * @param config opaque per-upstream configuration, may be null
   * @since 0.1.0
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Upstream(
      @JsonProperty("DestinationType") String destinationType,
      @JsonProperty("DestinationName") String destinationName,
      @JsonProperty("Datacenter") String datacenter,
      @JsonProperty("LocalBindAddress") String localBindAddress,
      @JsonProperty("LocalBindPort") Integer localBindPort,
      @JsonProperty("Config") Map<String, Object> config) {}
}
