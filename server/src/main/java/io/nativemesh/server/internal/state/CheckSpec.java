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
package io.nativemesh.server.internal.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * How the agent runs a check it owns (Consul: the check definition): TTL, HTTP, TCP, UDP, H2PING,
 * gRPC, script or alias, plus the critical-service reaper setting. Stored with the check so that a
 * restarted server re-arms it. The fields added after 0.1.0 (from {@code args} on) are omitted from
 * the stored JSON while null, so a 0.1.0 state encodes and decodes unchanged
 * (docs/server-state-format.md). Immutable.
 *
 * @param http URL of an HTTP check, or null
 * @param method HTTP method (default {@code GET}), or null
 * @param tcp {@code host:port} of a TCP check, or null
 * @param interval run interval of the checks the agent runs, or null
 * @param timeout per-run timeout (default 10 s), or null
 * @param tlsSkipVerify skip certificate verification of {@code https}, H2PING and gRPC checks
 * @param deregisterCriticalServiceAfter deregister the owning service after it has been critical
 *     this long, or null
 * @param args command and arguments of a script check, or null
 * @param udp {@code host:port} of a UDP check, or null
 * @param h2ping {@code host:port} of an HTTP/2 PING check, or null
 * @param h2pingUseTls H2PING over TLS (true) or h2c (false); null for other checks
 * @param grpc {@code host:port[/service]} of a gRPC health check, or null
 * @param grpcUseTls gRPC over TLS; null for other checks
 * @param aliasService the aliased service ID, or null
 * @param aliasNode the aliased node, or null (the local node)
 * @param agent the node name of the agent (server) that registered the check and runs it: in a
 *     cluster every check is on the one catalog node, but only the server whose agent registered it
 *     runs it (Consul: checks are agent-local); null in states written before it was recorded
 */
public record CheckSpec(
    String http,
    String method,
    String tcp,
    Duration interval,
    Duration timeout,
    boolean tlsSkipVerify,
    Duration deregisterCriticalServiceAfter,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> args,
    @JsonInclude(JsonInclude.Include.NON_NULL) String udp,
    @JsonInclude(JsonInclude.Include.NON_NULL) String h2ping,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean h2pingUseTls,
    @JsonInclude(JsonInclude.Include.NON_NULL) String grpc,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean grpcUseTls,
    @JsonInclude(JsonInclude.Include.NON_NULL) String aliasService,
    @JsonInclude(JsonInclude.Include.NON_NULL) String aliasNode,
    @JsonInclude(JsonInclude.Include.NON_NULL) String agent) {

  /** Copies {@code args}. */
  @JsonCreator
  public CheckSpec {
    args = args == null ? null : List.copyOf(args);
  }

  /**
   * @return a builder of a check with no kind set (a passive TTL or Docker check until a kind is
   *     set)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link CheckSpec} one kind at a time, so that callers name what they set instead of
   * passing runs of nulls. Not thread-safe; use once.
   */
  public static final class Builder {
    private String http;
    private String method;
    private String tcp;
    private Duration interval;
    private Duration timeout;
    private boolean tlsSkipVerify;
    private Duration reapAfter;
    private List<String> args;
    private String udp;
    private String h2ping;
    private Boolean h2pingUseTls;
    private String grpc;
    private Boolean grpcUseTls;
    private String aliasService;
    private String aliasNode;
    private String agent;

    private Builder() {}

    /**
     * @param agent the node name of the agent that runs the check, or null
     * @return this
     */
    public Builder agent(String agent) {
      this.agent = agent;
      return this;
    }

    /**
     * @param interval run interval, or null for checks the agent does not run
     * @return this
     */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * @param timeout per-run timeout, or null
     * @return this
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * @param skip skip certificate verification (HTTPS, H2PING and gRPC over TLS)
     * @return this
     */
    public Builder tlsSkipVerify(boolean skip) {
      this.tlsSkipVerify = skip;
      return this;
    }

    /**
     * @param after {@code DeregisterCriticalServiceAfter}, or null
     * @return this
     */
    public Builder reapAfter(Duration after) {
      this.reapAfter = after;
      return this;
    }

    /**
     * @param url the URL of an HTTP check
     * @param method its method
     * @return this
     */
    public Builder http(String url, String method) {
      this.http = url;
      this.method = method;
      return this;
    }

    /**
     * @param hostPort {@code host:port} of a TCP check
     * @return this
     */
    public Builder tcp(String hostPort) {
      this.tcp = hostPort;
      return this;
    }

    /**
     * @param hostPort {@code host:port} of a UDP check
     * @return this
     */
    public Builder udp(String hostPort) {
      this.udp = hostPort;
      return this;
    }

    /**
     * @param hostPort {@code host:port} of an HTTP/2 PING check
     * @param useTls over TLS (true) or h2c
     * @return this
     */
    public Builder h2ping(String hostPort, boolean useTls) {
      this.h2ping = hostPort;
      this.h2pingUseTls = useTls;
      return this;
    }

    /**
     * @param target {@code host:port[/service]} of a gRPC health check
     * @param useTls over TLS
     * @return this
     */
    public Builder grpc(String target, boolean useTls) {
      this.grpc = target;
      this.grpcUseTls = useTls;
      return this;
    }

    /**
     * @param args command and arguments of a script check
     * @return this
     */
    public Builder script(List<String> args) {
      this.args = args;
      return this;
    }

    /**
     * @param service the aliased service ID, or null
     * @param node the aliased node, or null
     * @return this
     */
    public Builder alias(String service, String node) {
      this.aliasService = service;
      this.aliasNode = node;
      return this;
    }

    /**
     * @return the spec
     */
    public CheckSpec build() {
      return new CheckSpec(
          http,
          method,
          tcp,
          interval,
          timeout,
          tlsSkipVerify,
          reapAfter,
          args,
          udp,
          h2ping,
          h2pingUseTls,
          grpc,
          grpcUseTls,
          aliasService,
          aliasNode,
          agent);
    }
  }

  /**
   * @return true for an alias check
   */
  public boolean alias() {
    return aliasService != null || aliasNode != null;
  }

  /**
   * @return true for a check the agent runs itself (HTTP, TCP, UDP, H2PING, gRPC, script, alias)
   */
  public boolean active() {
    return (http != null
            || tcp != null
            || udp != null
            || h2ping != null
            || grpc != null
            || args != null
            || alias())
        && interval != null;
  }
}
