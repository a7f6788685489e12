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
package io.nativemesh.server.internal.agent;

import io.nativemesh.core.GoDuration;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.core.model.Weights;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.CheckSpec;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StoredCheck;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a {@code PUT /v1/agent/service/register} body and turns it into a {@link
 * Command.RegisterService} (docs/consul-api.md, "Agent services and checks"; Consul's {@code
 * agent/agent_endpoint.go}). Defaults as in Consul: {@code ID} = {@code Name}, {@code Weights} =
 * {@code {1, 1}}, unnamed checks get {@code service:<id>} (or {@code service:<id>:<n>} when there
 * are several), TTL checks start {@code critical} unless {@code Status} says otherwise. Stateless
 * and thread-safe.
 *
 * <p>Every Consul check type is accepted (see {@link CheckKinds}; the agent runs them in {@link
 * CheckRunner}); script checks only when enabled, Docker checks stay critical. Service kinds other
 * than typical services and {@code connect-proxy} (see {@link SidecarRegistration}) are rejected
 * with a 400.
 */
public final class RegistrationMapper {
  private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final int MAX_META_PAIRS = 64;
  private static final int MAX_META_VALUE = 512;

  /** Consul's minimum {@code DeregisterCriticalServiceAfter}: 1 minute. */
  public static final Duration MIN_REAP = Duration.ofMinutes(1);

  /** Consul's default timeout of script checks: 30 s. */
  public static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

  /** Default timeout of HTTP/TCP checks: 10 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private RegistrationMapper() {}

  /**
   * @param reg the decoded body, may be null (JSON {@code null})
   * @param nodeName the agent's node
   * @param datacenter the agent's datacenter
   * @return the command
   * @throws HttpError 400 with Consul's reason for invalid input
   */
  public static Command.RegisterService toCommand(
      ServiceRegistration reg, String nodeName, String datacenter) {
    return toCommand(reg, nodeName, datacenter, false);
  }

  /**
   * @param reg the decoded body, may be null (JSON {@code null})
   * @param nodeName the agent's node
   * @param datacenter the agent's datacenter
   * @param dev dev mode (allows {@code DeregisterCriticalServiceAfter} below 1 min)
   * @return the command
   * @throws HttpError 400 with Consul's reason for invalid input
   */
  public static Command.RegisterService toCommand(
      ServiceRegistration reg, String nodeName, String datacenter, boolean dev) {
    return toCommand(reg, nodeName, datacenter, dev, false);
  }

  /**
   * @param config the server configuration
   * @return true when script checks may be registered through the agent API ({@code
   *     enable_script_checks} or {@code enable_local_script_checks})
   */
  public static boolean scriptsAllowed(ServerConfig config) {
    return config.enableScriptChecks() || config.enableLocalScriptChecks();
  }

  /**
   * @param reg the decoded body, may be null (JSON {@code null})
   * @param nodeName the agent's node
   * @param datacenter the agent's datacenter
   * @param dev dev mode (allows {@code DeregisterCriticalServiceAfter} below 1 min)
   * @param scripts script checks are enabled ({@link #scriptsAllowed})
   * @return the command
   * @throws HttpError 400 with Consul's reason for invalid input
   */
  public static Command.RegisterService toCommand(
      ServiceRegistration reg, String nodeName, String datacenter, boolean dev, boolean scripts) {
    if (reg == null || reg.name() == null || reg.name().isEmpty()) {
      throw HttpError.badRequest("Missing service name");
    }
    ServiceNames.requireLeafable(reg.name());
    String id = reg.id() == null || reg.id().isEmpty() ? reg.name() : reg.id();
    if (reg.kind() != null
        && !reg.kind().isEmpty()
        && !reg.kind().equals(SidecarRegistration.KIND)) {
      throw HttpError.badRequest(
          "Invalid service kind '"
              + reg.kind()
              + "': this server supports typical services and connect-proxy only");
    }
    int port = reg.port() == null ? 0 : reg.port();
    if (port < 0 || port > 65535) {
      throw HttpError.badRequest("Invalid Port " + port + ": must be 0..65535");
    }
    Weights weights = reg.weights() == null ? Weights.DEFAULT : reg.weights();
    if (weights.passing() < 1) {
      throw HttpError.badRequest("Passing must be greater than 0");
    }
    if (weights.warning() < 0) {
      throw HttpError.badRequest("Warning must be greater or equal than 0");
    }
    Map<String, String> meta = reg.meta() == null ? Map.of() : new LinkedHashMap<>(reg.meta());
    validateMeta(meta);
    List<String> tags = reg.tags() == null ? List.of() : List.copyOf(reg.tags());
    if (tags.stream().anyMatch(t -> t == null)) {
      throw HttpError.badRequest("Invalid Tags: null tag");
    }
    ConnectSettings connect = reg.connect() == null ? new ConnectSettings(false) : reg.connect();
    AgentService service =
        new AgentService(
            "",
            id,
            reg.name(),
            tags,
            reg.address() == null ? "" : reg.address(),
            meta,
            port,
            weights,
            false,
            connect,
            datacenter,
            null,
            0,
            0);

    List<CheckDefinition> defs = new ArrayList<>();
    if (reg.check() != null) {
      defs.add(reg.check());
    }
    if (reg.checks() != null) {
      for (CheckDefinition d : reg.checks()) {
        if (d == null) {
          throw HttpError.badRequest("Invalid check: null");
        }
        defs.add(d);
      }
    }
    return new Command.RegisterService(service, toChecks(defs, service, nodeName, dev, scripts));
  }

  /**
   * The checks of one service registration, with Consul's defaults: a check without an ID gets
   * {@code service:<id>}, or {@code service:<id>:<n>} (from 1) when there are several; one without
   * a name {@code Service '<name>' check}.
   *
   * @param defs the definitions, in registration order
   * @param owner the service they belong to
   * @param nodeName the agent's node
   * @param dev dev mode (see {@link #toCheck})
   * @param scripts script checks are enabled
   * @return the stored checks
   * @throws HttpError 400 for an invalid definition
   */
  public static List<StoredCheck> toChecks(
      List<CheckDefinition> defs,
      AgentService owner,
      String nodeName,
      boolean dev,
      boolean scripts) {
    List<StoredCheck> checks = new ArrayList<>();
    for (int i = 0; i < defs.size(); i++) {
      CheckDefinition d = defs.get(i);
      String checkId =
          d.checkId() != null && !d.checkId().isEmpty()
              ? d.checkId()
              : defs.size() == 1
                  ? "service:" + owner.id()
                  : "service:" + owner.id() + ":" + (i + 1);
      String name =
          d.name() != null && !d.name().isEmpty()
              ? d.name()
              : "Service '" + owner.service() + "' check";
      checks.add(toCheck(d, checkId, name, owner, nodeName, dev, scripts));
    }
    return checks;
  }

  /**
   * Validates one check definition (TTL, HTTP or TCP) and builds the stored check.
   *
   * @param d the definition
   * @param checkId its ID
   * @param name its display name
   * @param owner the service it belongs to, or null for a node check
   * @param nodeName the agent's node
   * @param dev dev mode: {@code DeregisterCriticalServiceAfter} may be below Consul's 1 min minimum
   * @return the stored check
   * @throws HttpError 400 with Consul's reason for invalid input
   */
  public static StoredCheck toCheck(
      CheckDefinition d,
      String checkId,
      String name,
      AgentService owner,
      String nodeName,
      boolean dev) {
    return toCheck(d, checkId, name, owner, nodeName, dev, false);
  }

  /**
   * Validates one check definition of any type and builds the stored check (docs/consul-api.md,
   * "Check types").
   *
   * @param d the definition
   * @param checkId its ID
   * @param name its display name
   * @param owner the service it belongs to, or null for a node check
   * @param nodeName the agent's node
   * @param dev dev mode: {@code DeregisterCriticalServiceAfter} may be below Consul's 1 min minimum
   * @param scripts script checks are enabled ({@link #scriptsAllowed})
   * @return the stored check
   * @throws HttpError 400 with Consul's reason for invalid input
   */
  public static StoredCheck toCheck(
      CheckDefinition d,
      String checkId,
      String name,
      AgentService owner,
      String nodeName,
      boolean dev,
      boolean scripts) {
    String status = d.status() == null || d.status().isEmpty() ? HealthCheck.CRITICAL : d.status();
    if (!status.equals(HealthCheck.PASSING)
        && !status.equals(HealthCheck.WARNING)
        && !status.equals(HealthCheck.CRITICAL)) {
      throw HttpError.badRequest("Invalid check status: '" + status + "'");
    }
    String kind = CheckKinds.of(d, checkId);
    if (CheckKinds.runsCommand(kind) && !scripts) {
      throw HttpError.badRequest(CheckKinds.SCRIPTS_DISABLED);
    }
    Duration reap = null;
    if (d.deregisterCriticalServiceAfter() != null
        && !d.deregisterCriticalServiceAfter().isEmpty()) {
      reap =
          duration(d.deregisterCriticalServiceAfter(), checkId, "DeregisterCriticalServiceAfter");
      if (!dev && reap.compareTo(MIN_REAP) < 0) {
        reap = MIN_REAP; // Consul raises it to its minimum
      }
    }
    Duration ttl = null;
    CheckSpec.Builder spec = CheckSpec.builder().reapAfter(reap).agent(nodeName);
    boolean passive = false;
    String output = "";
    String type = kind;
    if (kind.equals("ttl")) {
      ttl = duration(d.ttl(), checkId, "TTL");
      passive = true;
    } else if (kind.equals("docker")) {
      passive = true;
      status = HealthCheck.CRITICAL;
      output = CheckKinds.DOCKER_UNAVAILABLE;
    } else if (kind.equals("alias")) {
      spec.interval(CheckKinds.ALIAS_POLL)
          .alias(emptyToNull(d.aliasService()), emptyToNull(d.aliasNode()));
    } else {
      if (d.interval() == null || d.interval().isEmpty()) {
        throw HttpError.badRequest(
            "Invalid check '"
                + checkId
                + "': Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks");
      }
      spec.interval(CheckIntervals.clamp(checkId, duration(d.interval(), checkId, "Interval")))
          .timeout(
              d.timeout() == null || d.timeout().isEmpty()
                  ? kind.equals("script") ? SCRIPT_TIMEOUT : DEFAULT_TIMEOUT
                  : duration(d.timeout(), checkId, "Timeout"))
          .tlsSkipVerify(Boolean.TRUE.equals(d.tlsSkipVerify()));
      switch (kind) {
        case "http" -> httpSpec(d, checkId, spec);
        case "tcp" -> spec.tlsSkipVerify(false).tcp(hostPort(d.tcp(), checkId, "TCP"));
        case "udp" -> spec.tlsSkipVerify(false).udp(hostPort(d.udp(), checkId, "UDP"));
        case "h2ping" ->
            spec.h2ping(
                hostPort(d.h2ping(), checkId, "H2PING"), !Boolean.FALSE.equals(d.h2pingUseTls()));
        case "grpc" ->
            spec.grpc(grpcTarget(d.grpc(), checkId), Boolean.TRUE.equals(d.grpcUseTls()));
        default -> spec.tlsSkipVerify(false).script(scriptArgs(d, checkId));
      }
    }
    String sid = owner == null ? "" : owner.id();
    String sname = owner == null ? "" : owner.service();
    List<String> tags = owner == null ? List.of() : owner.tags();
    return new StoredCheck(
        new HealthCheck(
            nodeName,
            checkId,
            name,
            status,
            d.notes() == null ? "" : d.notes(),
            output,
            sid,
            sname,
            tags,
            type,
            0,
            0),
        ttl,
        passive && reap == null ? null : spec.build());
  }

  private static void httpSpec(CheckDefinition d, String checkId, CheckSpec.Builder spec) {
    URI u;
    try {
      u = URI.create(d.http());
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(
          "Invalid check '" + checkId + "': invalid HTTP URL '" + d.http() + "'");
    }
    if (u.getScheme() == null
        || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
        || u.getHost() == null) {
      throw HttpError.badRequest(
          "Invalid check '" + checkId + "': invalid HTTP URL '" + d.http() + "'");
    }
    String method = d.method() == null || d.method().isEmpty() ? "GET" : d.method();
    if (!method.matches("[A-Z]{1,16}")) {
      throw HttpError.badRequest(
          "Invalid check '" + checkId + "': invalid Method '" + method + "'");
    }
    spec.http(d.http(), method);
  }

  private static String hostPort(String value, String checkId, String field) {
    int colon = value.lastIndexOf(':');
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw HttpError.badRequest(
          "Invalid check '" + checkId + "': " + field + " must be host:port, got '" + value + "'");
    }
    return value;
  }

  private static String grpcTarget(String value, String checkId) {
    int slash = value.indexOf('/');
    hostPort(slash < 0 ? value : value.substring(0, slash), checkId, "GRPC");
    return value;
  }

  private static List<String> scriptArgs(CheckDefinition d, String checkId) {
    if (d.args().stream().anyMatch(a -> a == null)) {
      throw HttpError.badRequest("Invalid check '" + checkId + "': Args must not contain null");
    }
    return d.args();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static Duration duration(String value, String checkId, String field) {
    Duration v;
    try {
      v = GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(
          "Invalid check '" + checkId + "': " + field + ": " + e.getMessage());
    }
    if (v.isNegative() || v.isZero()) {
      throw HttpError.badRequest("Invalid check '" + checkId + "': " + field + " must be > 0");
    }
    return v;
  }

  private static void validateMeta(Map<String, String> meta) {
    if (meta.size() > MAX_META_PAIRS) {
      throw HttpError.badRequest(
          "Invalid Service Meta: Node metadata cannot contain more than "
              + MAX_META_PAIRS
              + " key/value pairs");
    }
    for (Map.Entry<String, String> e : meta.entrySet()) {
      if (!META_KEY.matcher(e.getKey()).matches()) {
        throw HttpError.badRequest(
            "Invalid Service Meta: Key contains invalid characters or is too long: '"
                + e.getKey()
                + "'");
      }
      if (e.getKey().startsWith("consul-")) {
        throw HttpError.badRequest(
            "Invalid Service Meta: Key prefix 'consul-' is reserved for internal use");
      }
      if (e.getValue() == null) {
        e.setValue("");
      } else if (e.getValue().length() > MAX_META_VALUE) {
        throw HttpError.badRequest(
            "Invalid Service Meta: Value is too long (limit: " + MAX_META_VALUE + " characters)");
      }
    }
  }
}
