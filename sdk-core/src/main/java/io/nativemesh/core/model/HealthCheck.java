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
import java.util.List;

/**
 * A health check as the health endpoints return it.
 *
 * @param node node name
 * @param checkId check ID, e.g. {@code service:web} or {@code serfHealth}
 * @param name display name
 * @param status {@value #PASSING}, {@value #WARNING} or {@value #CRITICAL}
 * @param notes free text
 * @param output last output
 * @param serviceId owning service instance, empty for node checks
 * @param serviceName owning service name, empty for node checks
 * @param serviceTags owning service tags
 * @param type {@code ttl}, {@code http}, {@code tcp}, {@code serf}...
 * @param createIndex Raft index of creation
 * @param modifyIndex Raft index of last modification
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthCheck(
    @JsonProperty("Node") String node,
    @JsonProperty("CheckID") String checkId,
    @JsonProperty("Name") String name,
    @JsonProperty("Status") String status,
    @JsonProperty("Notes") String notes,
    @JsonProperty("Output") String output,
    @JsonProperty("ServiceID") String serviceId,
    @JsonProperty("ServiceName") String serviceName,
    @JsonProperty("ServiceTags") List<String> serviceTags,
    @JsonProperty("Type") String type,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {
  /** Status of a passing check. */
  public static final String PASSING = "passing";

  /** Status of a warning check. */
  public static final String WARNING = "warning";

  /** Status of a critical check. */
  public static final String CRITICAL = "critical";
}
