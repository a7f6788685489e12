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
 * Consul API: {@code POST /v1/agent/connect/authorize} request body.
 *
 * @param target the destination service name
 * @param clientCertUri the client's SPIFFE ID
 * @param clientCertSerial the client certificate's colon-hex serial (accepted, not checked by
 *     Consul)
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthorizeRequest(
    @JsonProperty("Target") String target,
    @JsonProperty("ClientCertURI") String clientCertUri,
    @JsonProperty("ClientCertSerial") String clientCertSerial) {}
