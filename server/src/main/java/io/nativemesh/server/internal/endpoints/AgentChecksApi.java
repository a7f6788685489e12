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

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.server.internal.acl.Access;
import io.nativemesh.server.internal.acl.ReadFilter;
import io.nativemesh.server.internal.agent.RegistrationMapper;
import io.nativemesh.server.internal.filter.Filter;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateMachine;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StoredCheck;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agent check and local-health endpoints (docs/consul-api.md, "Agent services and checks"): {@code
 * GET /v1/agent/checks}, {@code GET /v1/agent/members}, {@code GET /v1/agent/service/:id} (hash
 * blocking), {@code PUT /v1/agent/check/register}, {@code PUT /v1/agent/check/deregister/:id},
 * service and node maintenance, and {@code GET /v1/agent/health/service/id/:id} / {@code
 * name/:name} (200 passing, 429 warning, 503 critical or maintenance, 404 unknown; {@code
 * ?format=text}). Thread-safe.
 */
public final class AgentChecksApi {
  /** Consul's node maintenance check ID. */
  public static final String NODE_MAINTENANCE = "_node_maintenance";

  /** Prefix of Consul's service maintenance check IDs. */
  public static final String SERVICE_MAINTENANCE_PREFIX = "_service_maintenance:";

  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public AgentChecksApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.add(HttpMethod.GET, "/v1/agent/checks", this::checks);
    router.add(HttpMethod.GET, "/v1/agent/members", this::members);
    router.addAsync(
        HttpMethod.GET, "/v1/agent/service/:service_id", r -> new AgentServiceQuery(ctx).run(r));
    router.addBlocking(HttpMethod.PUT, "/v1/agent/check/register", this::registerCheck);
    router.addBlocking(
        HttpMethod.PUT, "/v1/agent/check/deregister/:check_id", this::deregisterCheck);
    router.addBlocking(
        HttpMethod.PUT, "/v1/agent/service/maintenance/:service_id", this::serviceMaintenance);
    router.addBlocking(HttpMethod.PUT, "/v1/agent/maintenance", this::nodeMaintenance);
    router.add(HttpMethod.GET, "/v1/agent/health/service/id/:service_id", this::healthById);
    router.add(HttpMethod.GET, "/v1/agent/health/service/name/:service_name", this::healthByName);
  }

  /** {@code PUT /v1/agent/check/register} body: a check definition that also accepts {@code ID}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CheckRegistration(
      @JsonProperty("CheckID") @JsonAlias("ID") String checkId,
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
      @JsonProperty("Shell") String shell) {}

  static void requireCheckWrite(ServerContext ctx, ApiRequest r, StoredCheck c) {
    String service = c.check().serviceName();
    if (service == null || service.isEmpty()) {
      ctx.acl().requireNodeWrite(r);
    } else {
      ctx.acl().requireServiceWrite(r, service);
    }
  }

  private ApiResponse checks(ApiRequest r) {
    Filter filter = Filter.of(r);
    ReadFilter acl = ctx.acl().readFilter(r);
    Map<String, HealthCheck> out = new LinkedHashMap<>();
    // serfHealth is the catalog's view of the node's gossip membership, not an agent check
    ctx.store()
        .snapshot()
        .checks()
        .forEach(
            (id, c) -> {
              if (!StateMachine.SERF_HEALTH.equals(id) && acl.check(c.check())) {
                out.put(id, c.check());
              }
            });
    return acl.mark(ApiResponse.json(Filter.applyToValues(filter, out)));
  }

  private ApiResponse members(ApiRequest r) {
    ctx.acl().requireRule(r, "node:read", ctx.config().nodeName()); // Consul: node:read
    boolean wan = r.flag("wan");
    return ApiResponse.json(List.of(AgentSelf.member(ctx, ctx.store().snapshot().node(), wan)));
  }

  private ApiResponse registerCheck(ApiRequest r) {
    CheckRegistration b = Json.read(r.body(), CheckRegistration.class);
    if (b == null || b.name() == null || b.name().isEmpty()) {
      throw HttpError.badRequest("Missing check name");
    }
    String id = b.checkId() == null || b.checkId().isEmpty() ? b.name() : b.checkId();
    AgentService owner = null;
    if (b.serviceId() != null && !b.serviceId().isEmpty()) {
      owner = ctx.store().snapshot().services().get(b.serviceId());
      if (owner == null) {
        throw HttpError.badRequest("ServiceID \"" + b.serviceId() + "\" does not exist");
      }
    }
    CheckDefinition d =
        new CheckDefinition(
            id,
            b.name(),
            b.notes(),
            b.status(),
            b.serviceId(),
            b.ttl(),
            b.http(),
            b.method(),
            b.tcp(),
            b.interval(),
            b.timeout(),
            b.tlsSkipVerify(),
            b.deregisterCriticalServiceAfter(),
            b.args(),
            b.udp(),
            b.h2ping(),
            b.h2pingUseTls(),
            b.grpc(),
            b.grpcUseTls(),
            b.aliasService(),
            b.aliasNode(),
            b.dockerContainerId(),
            b.shell());
    StoredCheck c =
        RegistrationMapper.toCheck(
            d,
            id,
            b.name(),
            owner,
            ctx.config().nodeName(),
            ctx.config().dev(),
            RegistrationMapper.scriptsAllowed(ctx.config()));
    requireCheckWrite(ctx, r, c);
    apply(new Command.RegisterCheck(c));
    ctx.ttlChecks().disarm(id);
    if (c.ttl() != null) {
      ctx.ttlChecks().arm(id, c.ttl());
    }
    ctx.checkRunner().arm(c);
    return ApiResponse.empty();
  }

  private void apply(Command<?> c) {
    try {
      ctx.store().apply(c);
    } catch (IllegalStateException e) {
      throw HttpError.badRequest(e.getMessage());
    }
  }

  private ApiResponse deregisterCheck(ApiRequest r) {
    String id = r.pathParam();
    StoredCheck c = ctx.store().snapshot().checks().get(id);
    if (c == null || StateMachine.SERF_HEALTH.equals(id)) {
      throw HttpError.notFound(
          "Unknown check ID \""
              + id
              + "\". Ensure that the check ID is passed, not the check name.");
    }
    requireCheckWrite(ctx, r, c);
    ctx.store().apply(new Command.DeregisterCheck(id));
    ctx.ttlChecks().disarm(id);
    ctx.checkRunner().disarm(id);
    return ApiResponse.empty();
  }

  private static boolean enable(ApiRequest r) {
    String v = r.query("enable");
    if (v == null || v.isEmpty()) {
      throw HttpError.badRequest("Missing value for enable");
    }
    return switch (v) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw HttpError.badRequest("Invalid value for enable: '" + v + "'");
    };
  }

  private ApiResponse serviceMaintenance(ApiRequest r) {
    boolean enable = enable(r);
    String id = r.pathParam();
    AgentService svc = ctx.store().snapshot().services().get(id);
    if (svc == null) {
      throw HttpError.notFound("Unknown service ID \"" + id + "\"");
    }
    ctx.acl().requireServiceWrite(r, svc.service());
    String reason = r.query("reason");
    String notes =
        reason == null || reason.isEmpty()
            ? "Maintenance mode is enabled for this service, but no reason was provided. This is a default message."
            : reason;
    maintenance(enable, SERVICE_MAINTENANCE_PREFIX + id, "Service Maintenance Mode", notes, svc);
    return ApiResponse.empty();
  }

  private ApiResponse nodeMaintenance(ApiRequest r) {
    boolean enable = enable(r);
    ctx.acl().requireNodeWrite(r);
    String reason = r.query("reason");
    String notes =
        reason == null || reason.isEmpty()
            ? "Maintenance mode is enabled for this node, but no reason was provided. This is a default message."
            : reason;
    maintenance(enable, NODE_MAINTENANCE, "Node Maintenance Mode", notes, null);
    return ApiResponse.empty();
  }

  private void maintenance(
      boolean enable, String checkId, String name, String notes, AgentService svc) {
    if (!enable) {
      ctx.store().apply(new Command.DeregisterCheck(checkId));
      return;
    }
    HealthCheck h =
        new HealthCheck(
            ctx.config().nodeName(),
            checkId,
            name,
            HealthCheck.CRITICAL,
            notes,
            "",
            svc == null ? "" : svc.id(),
            svc == null ? "" : svc.service(),
            svc == null ? List.of() : svc.tags(),
            "maintenance",
            0,
            0);
    apply(new Command.RegisterCheck(new StoredCheck(h, null)));
  }

  private static String aggregate(List<HealthCheck> checks) {
    String status = HealthCheck.PASSING;
    for (HealthCheck c : checks) {
      if (c.checkId().equals(NODE_MAINTENANCE)
          || c.checkId().startsWith(SERVICE_MAINTENANCE_PREFIX)) {
        return "maintenance";
      }
      if (HealthCheck.CRITICAL.equals(c.status())) {
        status = HealthCheck.CRITICAL;
      } else if (HealthCheck.WARNING.equals(c.status()) && !status.equals(HealthCheck.CRITICAL)) {
        status = HealthCheck.WARNING;
      }
    }
    return status;
  }

  private static HttpResponseStatus code(String aggregated) {
    return switch (aggregated) {
      case HealthCheck.PASSING -> HttpResponseStatus.OK;
      case HealthCheck.WARNING -> HttpResponseStatus.TOO_MANY_REQUESTS;
      default -> HttpResponseStatus.SERVICE_UNAVAILABLE;
    };
  }

  /** The agent's own checks of an instance: its node checks without serfHealth, then its own. */
  private static List<HealthCheck> agentChecks(StateSnapshot s, AgentService svc) {
    List<HealthCheck> out = new ArrayList<>(s.checksForInstance(svc.id()));
    out.removeIf(c -> StateMachine.SERF_HEALTH.equals(c.checkId()));
    return out;
  }

  private Map<String, Object> healthOf(StateSnapshot s, AgentService svc) {
    List<HealthCheck> checks = agentChecks(s, svc);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("AggregatedStatus", aggregate(checks));
    m.put("Service", svc);
    m.put("Checks", checks);
    return m;
  }

  private ApiResponse healthById(ApiRequest r) {
    boolean text = "text".equals(r.query("format"));
    String id = r.pathParam();
    StateSnapshot s = ctx.store().snapshot();
    AgentService svc = s.services().get(id);
    if (svc == null) {
      return ApiResponse.text(HttpResponseStatus.NOT_FOUND, "ServiceId " + id + " not found");
    }
    ctx.acl().require(r, "service", svc.service(), Access.READ); // Consul: service:read
    Map<String, Object> h = healthOf(s, svc);
    String agg = (String) h.get("AggregatedStatus");
    return (text ? ApiResponse.text(code(agg), agg) : ApiResponse.json(h)).withStatus(code(agg));
  }

  private ApiResponse healthByName(ApiRequest r) {
    boolean text = "text".equals(r.query("format"));
    String name = r.pathParam();
    StateSnapshot s = ctx.store().snapshot();
    List<Map<String, Object>> out = new ArrayList<>();
    List<HealthCheck> all = new ArrayList<>();
    for (AgentService svc : s.instancesOf(name)) {
      out.add(healthOf(s, svc));
      all.addAll(agentChecks(s, svc));
    }
    if (out.isEmpty()) {
      return ApiResponse.text(HttpResponseStatus.NOT_FOUND, "ServiceName " + name + " Not Found");
    }
    ctx.acl().require(r, "service", name, Access.READ); // Consul: service:read
    String agg = aggregate(all);
    return (text ? ApiResponse.text(code(agg), agg) : ApiResponse.json(out)).withStatus(code(agg));
  }
}
