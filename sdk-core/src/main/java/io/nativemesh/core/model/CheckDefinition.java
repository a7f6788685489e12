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

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 * @param args command and arguments of a script check (JSON {@code Args}), run without a shell; the
 *     agent runs it only with {@code enable_script_checks}/{@code enable_local_script_checks}
 * @param udp {@code host:port} of a UDP check (JSON {@code UDP})
 * @param h2ping {@code host:port} of an HTTP/2 PING check (JSON {@code H2PING})
 * @param h2pingUseTls H2PING over TLS (default true) or cleartext h2c (JSON {@code H2PingUseTLS})
 * @param grpc {@code host:port[/service]} of a gRPC health check (JSON {@code GRPC})
 * @param grpcUseTls gRPC over TLS (JSON {@code GRPCUseTLS}, default false)
 * @param aliasService the service whose health this alias check mirrors (JSON {@code AliasService})
 * @param aliasNode the node of the aliased service, or the node whose health is mirrored (JSON
 *     {@code AliasNode})
 * @param dockerContainerId container of a Docker check (JSON {@code DockerContainerID})
 * @param shell shell of a Docker check (JSON {@code Shell})
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
    @JsonProperty("DeregisterCriticalServiceAfter") String deregisterCriticalServiceAfter,
    @JsonProperty("Args") @JsonAlias("ScriptArgs") List<String> args,
    @JsonProperty("UDP") String udp,
    @JsonProperty("H2PING") String h2ping,
    @JsonProperty("H2PingUseTLS") Boolean h2pingUseTls,
    @JsonProperty("GRPC") String grpc,
    @JsonProperty("GRPCUseTLS") Boolean grpcUseTls,
    @JsonProperty("AliasService") String aliasService,
    @JsonProperty("AliasNode") String aliasNode,
    @JsonProperty("DockerContainerID") String dockerContainerId,
    @JsonProperty("Shell") String shell) {

  /**
   * The 0.1.0 shape: a TTL, HTTP or TCP check; the later fields are null.
   *
   * @param checkId check ID
   * @param name display name
   * @param notes free text
   * @param status initial status
   * @param serviceId the owning service
   * @param ttl TTL duration
   * @param http HTTP URL
   * @param method HTTP method
   * @param tcp {@code host:port}
   * @param interval run interval
   * @param timeout per-run timeout
   * @param tlsSkipVerify skip TLS verification
   * @param deregisterCriticalServiceAfter reap delay
   */
  public CheckDefinition(
      String checkId,
      String name,
      String notes,
      String status,
      String serviceId,
      String ttl,
      String http,
      String method,
      String tcp,
      String interval,
      String timeout,
      Boolean tlsSkipVerify,
      String deregisterCriticalServiceAfter) {
    this(
        checkId,
        name,
        notes,
        status,
        serviceId,
        ttl,
        http,
        method,
        tcp,
        interval,
        timeout,
        tlsSkipVerify,
        deregisterCriticalServiceAfter,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Copies {@code args} (null stays null; null elements are kept for the server to refuse). */
  @JsonCreator
  public CheckDefinition {
    args = args == null ? null : Collections.unmodifiableList(new ArrayList<>(args));
  }

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
