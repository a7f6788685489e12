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
    return builder().name(name).ttl(ttl).build();
  }

  /**
   * @return a builder with every field unset (null)
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link CheckDefinition} by naming the fields that are set, one check kind at a time
   * ({@code builder().name("db").tcp("127.0.0.1:5432").interval("10s").build()}), instead of runs
   * of null constructor arguments. Not thread-safe; build once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String checkId;
    private String name;
    private String notes;
    private String status;
    private String serviceId;
    private String ttl;
    private String http;
    private String method;
    private String tcp;
    private String interval;
    private String timeout;
    private Boolean tlsSkipVerify;
    private String deregisterCriticalServiceAfter;
    private List<String> args;
    private String udp;
    private String h2ping;
    private Boolean h2pingUseTls;
    private String grpc;
    private Boolean grpcUseTls;
    private String aliasService;
    private String aliasNode;
    private String dockerContainerId;
    private String shell;

    private Builder() {}

    /**
     * @param checkId check ID (JSON {@code CheckID}; {@code ID} is also accepted on read)
     * @return this
     */
    public Builder checkId(String checkId) {
      this.checkId = checkId;
      return this;
    }

    /**
     * @param name display name
     * @return this
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * @param notes free text
     * @return this
     */
    public Builder notes(String notes) {
      this.notes = notes;
      return this;
    }

    /**
     * @param status initial status: {@code passing}, {@code warning} or {@code critical}
     * @return this
     */
    public Builder status(String status) {
      this.status = status;
      return this;
    }

    /**
     * @param serviceId the service this check belongs to
     * @return this
     */
    public Builder serviceId(String serviceId) {
      this.serviceId = serviceId;
      return this;
    }

    /**
     * @param ttl TTL duration for TTL checks
     * @return this
     */
    public Builder ttl(String ttl) {
      this.ttl = ttl;
      return this;
    }

    /**
     * @param http URL for HTTP checks
     * @return this
     */
    public Builder http(String http) {
      this.http = http;
      return this;
    }

    /**
     * @param method HTTP method for HTTP checks
     * @return this
     */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /**
     * @param tcp {@code host:port} for TCP checks
     * @return this
     */
    public Builder tcp(String tcp) {
      this.tcp = tcp;
      return this;
    }

    /**
     * @param interval how often HTTP/TCP checks run
     * @return this
     */
    public Builder interval(String interval) {
      this.interval = interval;
      return this;
    }

    /**
     * @param timeout per-run timeout of HTTP/TCP checks
     * @return this
     */
    public Builder timeout(String timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * @param tlsSkipVerify skip TLS verification for HTTPS checks
     * @return this
     */
    public Builder tlsSkipVerify(Boolean tlsSkipVerify) {
      this.tlsSkipVerify = tlsSkipVerify;
      return this;
    }

    /**
     * @param deregisterCriticalServiceAfter deregister the service after this long critical
     * @return this
     */
    public Builder deregisterCriticalServiceAfter(String deregisterCriticalServiceAfter) {
      this.deregisterCriticalServiceAfter = deregisterCriticalServiceAfter;
      return this;
    }

    /**
     * @param args command and arguments of a script check (JSON {@code Args}), run without a shell;
     *     the * agent runs it only with {@code enable_script_checks}/{@code
     *     enable_local_script_checks}
     * @return this
     */
    public Builder args(List<String> args) {
      this.args = args;
      return this;
    }

    /**
     * @param udp {@code host:port} of a UDP check (JSON {@code UDP})
     * @return this
     */
    public Builder udp(String udp) {
      this.udp = udp;
      return this;
    }

    /**
     * @param h2ping {@code host:port} of an HTTP/2 PING check (JSON {@code H2PING})
     * @return this
     */
    public Builder h2ping(String h2ping) {
      this.h2ping = h2ping;
      return this;
    }

    /**
     * @param h2pingUseTls H2PING over TLS (default true) or cleartext h2c (JSON {@code
     *     H2PingUseTLS})
     * @return this
     */
    public Builder h2pingUseTls(Boolean h2pingUseTls) {
      this.h2pingUseTls = h2pingUseTls;
      return this;
    }

    /**
     * @param grpc {@code host:port[/service]} of a gRPC health check (JSON {@code GRPC})
     * @return this
     */
    public Builder grpc(String grpc) {
      this.grpc = grpc;
      return this;
    }

    /**
     * @param grpcUseTls gRPC over TLS (JSON {@code GRPCUseTLS}, default false)
     * @return this
     */
    public Builder grpcUseTls(Boolean grpcUseTls) {
      this.grpcUseTls = grpcUseTls;
      return this;
    }

    /**
     * @param aliasService the service whose health this alias check mirrors (JSON {@code
     *     AliasService})
     * @return this
     */
    public Builder aliasService(String aliasService) {
      this.aliasService = aliasService;
      return this;
    }

    /**
     * @param aliasNode the node of the aliased service, or the node whose health is mirrored (JSON
     *     * {@code AliasNode})
     * @return this
     */
    public Builder aliasNode(String aliasNode) {
      this.aliasNode = aliasNode;
      return this;
    }

    /**
     * @param dockerContainerId container of a Docker check (JSON {@code DockerContainerID})
     * @return this
     */
    public Builder dockerContainerId(String dockerContainerId) {
      this.dockerContainerId = dockerContainerId;
      return this;
    }

    /**
     * @param shell shell of a Docker check (JSON {@code Shell})
     * @return this
     */
    public Builder shell(String shell) {
      this.shell = shell;
      return this;
    }

    /**
     * @return the definition
     */
    public CheckDefinition build() {
      return new CheckDefinition(
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
          args,
          udp,
          h2ping,
          h2pingUseTls,
          grpc,
          grpcUseTls,
          aliasService,
          aliasNode,
          dockerContainerId,
          shell);
    }
  }
}
