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
 * Consul API: {@code PUT /v1/agent/service/register} body. Only {@code name} is required; the ID
 * defaults to the name.
 *
 * @param id unique per agent, defaults to {@code name}
 * @param name service name (required)
 * @param tags tags
 * @param address service address; empty means the node address
 * @param port service port
 * @param meta service metadata
 * @param kind {@code ""} for a typical service
 * @param connect Connect settings; {@code {"Native": true}} for Connect-native services
 * @param check a single check
 * @param checks several checks
 * @param weights DNS SRV weights, default {@code {Passing:1, Warning:1}}
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceRegistration(
    @JsonProperty("ID") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("Tags") List<String> tags,
    @JsonProperty("Address") String address,
    @JsonProperty("Port") Integer port,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("Kind") String kind,
    @JsonProperty("Connect") ConnectSettings connect,
    @JsonProperty("Check") CheckDefinition check,
    @JsonProperty("Checks") List<CheckDefinition> checks,
    @JsonProperty("Weights") Weights weights) {}
