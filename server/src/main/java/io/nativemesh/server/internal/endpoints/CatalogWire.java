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
package io.nativemesh.server.internal.endpoints;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.Node;
import io.nativemesh.core.model.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies and row shapes of the catalog endpoints (docs/consul-api.md, "Catalog"). */
final class CatalogWire {
  private CatalogWire() {}

  /** {@code PUT /v1/catalog/register} body. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Registration(
      @JsonProperty("ID") String id,
      @JsonProperty("Node") String node,
      @JsonProperty("Address") String address,
      @JsonProperty("Datacenter") String datacenter,
      @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
      @JsonProperty("NodeMeta") Map<String, String> nodeMeta,
      @JsonProperty("Service") ServiceBody service,
      @JsonProperty("Check") CheckBody check,
      @JsonProperty("Checks") List<CheckBody> checks,
      @JsonProperty("SkipNodeUpdate") boolean skipNodeUpdate) {}

  /** The {@code Service} of a catalog registration. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceBody(
      @JsonProperty("ID") String id,
      @JsonProperty("Service") String service,
      @JsonProperty("Tags") List<String> tags,
      @JsonProperty("Address") String address,
      @JsonProperty("Meta") Map<String, String> meta,
      @JsonProperty("Port") Integer port,
      @JsonProperty("Weights") Weights weights,
      @JsonProperty("EnableTagOverride") boolean enableTagOverride,
      @JsonProperty("Connect") ConnectSettings connect,
      @JsonProperty("Kind") String kind) {}

  /** A {@code Check} of a catalog registration. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CheckBody(
      @JsonProperty("Node") String node,
      @JsonProperty("CheckID") String checkId,
      @JsonProperty("Name") String name,
      @JsonProperty("Notes") String notes,
      @JsonProperty("Status") String status,
      @JsonProperty("Output") String output,
      @JsonProperty("ServiceID") String serviceId) {}

  /** {@code PUT /v1/catalog/deregister} body. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Deregistration(
      @JsonProperty("Node") String node,
      @JsonProperty("ServiceID") String serviceId,
      @JsonProperty("CheckID") String checkId,
      @JsonProperty("Datacenter") String datacenter) {}

  /**
   * @param s a registration's service (name present, port checked)
   * @param dc the datacenter
   * @return the instance to store: ID defaults to the name, absent collections are empty
   */
  static AgentService toService(ServiceBody s, String dc) {
    return new AgentService(
        s.kind() == null ? "" : s.kind(),
        s.id() == null || s.id().isEmpty() ? s.service() : s.id(),
        s.service(),
        s.tags() == null ? List.of() : List.copyOf(s.tags()),
        s.address() == null ? "" : s.address(),
        s.meta() == null ? Map.of() : Map.copyOf(s.meta()),
        s.port() == null ? 0 : s.port(),
        s.weights() == null ? Weights.DEFAULT : s.weights(),
        s.enableTagOverride(),
        s.connect() == null ? new ConnectSettings(false) : s.connect(),
        dc,
        null,
        0,
        0);
  }

  /**
   * @param n the node
   * @param s one of its instances
   * @return a {@code CatalogService} row ({@code GET /v1/catalog/service/:s})
   */
  static Map<String, Object> catalogService(Node n, AgentService s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", n.id());
    m.put("Node", n.node());
    m.put("Address", n.address());
    m.put("Datacenter", n.datacenter());
    m.put("TaggedAddresses", n.taggedAddresses());
    m.put("NodeMeta", n.meta());
    m.put("ServiceKind", s.kind() == null ? "" : s.kind());
    m.put("ServiceID", s.id());
    m.put("ServiceName", s.service());
    m.put("ServiceTags", s.tags());
    m.put("ServiceAddress", s.address() == null ? "" : s.address());
    m.put("ServiceWeights", s.weights() == null ? Weights.DEFAULT : s.weights());
    m.put("ServiceMeta", s.meta() == null ? Map.of() : s.meta());
    m.put("ServicePort", s.port());
    m.put("ServiceEnableTagOverride", s.enableTagOverride());
    m.put("ServiceProxy", s.proxy() == null ? Map.of() : s.proxy());
    m.put(
        "ServiceConnect",
        s.connect() != null && s.connect().nativeApp() ? Map.of("Native", true) : Map.of());
    m.put("CreateIndex", s.createIndex());
    m.put("ModifyIndex", s.modifyIndex());
    return m;
  }
}
