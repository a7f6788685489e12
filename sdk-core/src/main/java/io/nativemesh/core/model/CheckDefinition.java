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

/**
 * A check in a registration; Consul API: {@code PUT /v1/agent/check/register} and the {@code Check}
 * field of service registration. Durations are Go duration strings ({@code "10s"}).
 *
 * @param checkId check ID (JSON {@code CheckID}; {@code ID} is also accepted on read)
 * @param name display name
 * @param notes free text
 * @param status initial status: {@code passing}, {@code warning} or {@code critical}
 * @param serviceId the service this check belongs to
 * @param ttl TTL duration for TTL checks
 * @param http URL for HTTP checks
 * @param method HTTP method for HTTP checks
 * @param tcp {@code host:port} for TCP checks
 * @param interval how often HTTP/TCP checks run
 * @param timeout per-run timeout of HTTP/TCP checks
 * @param tlsSkipVerify skip TLS verification for HTTPS checks
 * @param deregisterCriticalServiceAfter deregister the service after this long critical
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckDefinition(
    @JsonProperty("CheckID") String checkId,
    @JsonProperty("Name") String name,
    @JsonProperty("Notes") String notes,
    @JsonProperty("Status") String status,
    @JsonProperty("ServiceID") String serviceId,
    @JsonProperty("TTL") String ttl,
    @JsonProperty("HTTP") String http,
    @JsonProperty("Method") String method,
    @JsonProperty("TCP") String tcp,
    @JsonProperty("Interval") String interval,
    @JsonProperty("Timeout") String timeout,
    @JsonProperty("TLSSkipVerify") Boolean tlsSkipVerify,
    @JsonProperty("DeregisterCriticalServiceAfter") String deregisterCriticalServiceAfter) {

  /**
   * A TTL check.
   *
   * @param name display name
   * @param ttl Go duration, e.g. {@code "10s"}
   * @return the definition
   */
  public static CheckDefinition ttl(String name, String ttl) {
    return new CheckDefinition(
        null, name, null, null, null, ttl, null, null, null, null, null, null, null);
  }
}
