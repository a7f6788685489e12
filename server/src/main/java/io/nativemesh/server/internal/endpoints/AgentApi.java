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

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.NativeMeshVersion;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Node;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.server.internal.acl.ReadFilter;
import io.nativemesh.server.internal.agent.RegistrationMapper;
import io.nativemesh.server.internal.agent.SidecarRegistration;
import io.nativemesh.server.internal.filter.Filter;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StoredCheck;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Agent endpoints (docs/consul-api.md, "Agent services and checks"): service registration and
 * deregistration, TTL check updates, {@code GET /v1/agent/services}, {@code GET /v1/agent/self} and
 * {@code GET /v1/agent/version}. Thread-safe.
 */
public final class AgentApi {
  /** The Consul API level this server emulates, reported as {@code Config.Version}. */
  public static final String CONSUL_API_VERSION = "1.17.0";

  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public AgentApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addBlocking(HttpMethod.PUT, "/v1/agent/service/register", this::registerService);
    router.addBlocking(
        HttpMethod.PUT, "/v1/agent/service/deregister/:service_id", this::deregisterService);
    router.addBlocking(
        HttpMethod.PUT, "/v1/agent/check/pass/:check_id", r -> ttlUpdate(r, HealthCheck.PASSING));
    router.addBlocking(
        HttpMethod.PUT, "/v1/agent/check/warn/:check_id", r -> ttlUpdate(r, HealthCheck.WARNING));
    router.addBlocking(
        HttpMethod.PUT, "/v1/agent/check/fail/:check_id", r -> ttlUpdate(r, HealthCheck.CRITICAL));
    router.addBlocking(HttpMethod.PUT, "/v1/agent/check/update/:check_id", this::checkUpdate);
    router.add(HttpMethod.GET, "/v1/agent/services", this::services);
    router.add(HttpMethod.GET, "/v1/agent/self", this::self);
    router.add(HttpMethod.GET, "/v1/agent/version", r -> ApiResponse.json(version()));
  }

  /**
   * Consul's version metadata for this server: the Consul API level it emulates, with the
   * NativeMesh release as semver build metadata, as Consul Enterprise appends {@code +ent}: {@code
   * 1.17.0+nativemesh.0.1.0}.
   *
   * @return the {@code VersionMetadata} Consul reports in {@code /v1/agent/self}
   */
  public static String versionMetadata() {
    return "nativemesh." + NativeMeshVersion.current().version();
  }

  /**
   * {@code GET /v1/agent/version} (Consul API: /v1/agent/version; no ACL needed): {@code SHA}
   * (empty: the build records no commit), {@code BuildDate} (the release's reproducible build
   * timestamp, RFC 3339), {@code HumanVersion} ({@code <Consul API level>+nativemesh.<NativeMesh
   * version>}) and {@code FIPS} (empty: not a FIPS build).
   *
   * @return the response body
   */
  static Map<String, Object> version() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("SHA", "");
    body.put("BuildDate", NativeMeshVersion.current().buildTimestamp().toString());
    body.put("HumanVersion", CONSUL_API_VERSION + "+" + versionMetadata());
    body.put("FIPS", "");
    return body;
  }

  private ApiResponse registerService(ApiRequest r) {
    ServiceRegistration reg = Json.read(r.body(), ServiceRegistration.class);
    Command.RegisterService cmd =
        withTagOverride(
            RegistrationMapper.toCommand(
                reg,
                ctx.config().nodeName(),
                ctx.config().datacenter(),
                ctx.config().dev(),
                RegistrationMapper.scriptsAllowed(ctx.config())),
            Json.read(r.body(), TagOverride.class));
    JsonNode tree = Json.read(r.body(), JsonNode.class);
    if (SidecarRegistration.isProxy(tree)) {
      cmd = SidecarRegistration.asProxy(cmd, tree);
    }
    ctx.acl().requireServiceWrite(r, cmd.service().service());
    StateSnapshot before = ctx.store().snapshot();
    AgentService existing = before.services().get(cmd.service().id());
    if (existing != null && !existing.service().equals(cmd.service().service())) {
      ctx.acl().requireServiceWrite(r, existing.service());
    }
    JsonNode sidecarBody = SidecarRegistration.sidecarOf(tree);
    Command.RegisterService sidecar =
        sidecarBody == null
            ? null
            : SidecarRegistration.sidecar(
                cmd.service(),
                sidecarBody,
                before,
                ctx.config().nodeName(),
                ctx.config().dev(),
                RegistrationMapper.scriptsAllowed(ctx.config()));
    if (sidecar != null) {
      ctx.acl().requireServiceWrite(r, sidecar.service().service());
    }
    ctx.store().apply(cmd);
    rearm(before, cmd);
    if (sidecar != null) {
      ctx.store().apply(sidecar);
      rearm(before, sidecar);
    } else {
      // Consul: re-registering the parent without SidecarService removes the sidecar it added
      deregisterSidecars(before, cmd.service().id());
    }
    return ApiResponse.empty();
  }

  /** Stops the timers of the service's previous checks and starts those of its new ones. */
  private void rearm(StateSnapshot before, Command.RegisterService cmd) {
    disarmChecksOf(before, cmd.service().id());
    for (StoredCheck c : cmd.checks()) {
      if (c.ttl() != null) {
        ctx.ttlChecks().arm(c.check().checkId(), c.ttl());
      }
      ctx.checkRunner().arm(c);
    }
  }

  private void disarmChecksOf(StateSnapshot before, String serviceId) {
    for (StoredCheck old : before.checks().values()) {
      if (serviceId.equals(old.check().serviceId())) {
        ctx.ttlChecks().disarm(old.check().checkId());
        ctx.checkRunner().disarm(old.check().checkId());
      }
    }
  }

  private void deregisterSidecars(StateSnapshot before, String parentId) {
    for (String sidecar : SidecarRegistration.sidecarsOf(before, parentId)) {
      ctx.store().apply(new Command.DeregisterService(sidecar));
      disarmChecksOf(before, sidecar);
    }
  }

  /** The registration field the SDK's {@code ServiceRegistration} does not carry. */
  private record TagOverride(@JsonProperty("EnableTagOverride") Boolean enableTagOverride) {}

  /** Consul API: {@code EnableTagOverride} is stored with the instance and returned as sent. */
  private static Command.RegisterService withTagOverride(
      Command.RegisterService cmd, TagOverride body) {
    if (body == null || !Boolean.TRUE.equals(body.enableTagOverride())) {
      return cmd;
    }
    AgentService s = cmd.service();
    return new Command.RegisterService(
        new AgentService(
            s.kind(),
            s.id(),
            s.service(),
            s.tags(),
            s.address(),
            s.meta(),
            s.port(),
            s.weights(),
            true,
            s.connect(),
            s.datacenter(),
            s.contentHash(),
            s.createIndex(),
            s.modifyIndex(),
            s.proxy()),
        cmd.checks());
  }

  private ApiResponse deregisterService(ApiRequest r) {
    String id = r.pathParam();
    StateSnapshot before = ctx.store().snapshot();
    AgentService existing = before.services().get(id);
    if (existing != null) {
      ctx.acl().requireServiceWrite(r, existing.service());
    } else {
      ctx.acl().resolve(r);
    }
    ctx.store().apply(new Command.DeregisterService(id));
    deregisterSidecars(before, id);
    disarmChecksOf(before, id);
    return ApiResponse.empty();
  }

  private ApiResponse ttlUpdate(ApiRequest r, String status) {
    String note = r.query("note");
    return updateCheck(r, r.pathParam(), status, note == null ? "" : note);
  }

  private record CheckUpdateBody(
      @JsonProperty("Status") String status, @JsonProperty("Output") String output) {}

  private ApiResponse checkUpdate(ApiRequest r) {
    CheckUpdateBody body = Json.read(r.body(), CheckUpdateBody.class);
    String status = body == null ? null : body.status();
    if (!HealthCheck.PASSING.equals(status)
        && !HealthCheck.WARNING.equals(status)
        && !HealthCheck.CRITICAL.equals(status)) {
      throw HttpError.badRequest("Invalid check status: '" + status + "'");
    }
    return updateCheck(r, r.pathParam(), status, body.output() == null ? "" : body.output());
  }

  private ApiResponse updateCheck(ApiRequest r, String checkId, String status, String output) {
    StoredCheck c = ctx.store().snapshot().checks().get(checkId);
    if (c == null || c.ttl() == null) {
      throw HttpError.notFound(
          "Unknown check ID \""
              + checkId
              + "\". Ensure that the check ID is passed, not the check name.");
    }
    AgentChecksApi.requireCheckWrite(ctx, r, c);
    HealthCheck now = c.check();
    if (!status.equals(now.status())
        || !output.equals(Objects.requireNonNullElse(now.output(), ""))) {
      ctx.store().apply(new Command.UpdateCheck(checkId, status, output));
    }
    // an update that changes nothing only re-arms the timer, as a Consul agent's does (its TTL
    // timer is local and an unchanged check is not synced): no index bump, and in a cluster no Raft
    // write, so a heartbeat does not wait for a quorum
    ctx.ttlChecks().arm(checkId, c.ttl());
    return ApiResponse.empty();
  }

  private ApiResponse services(ApiRequest r) {
    Filter filter = Filter.of(r);
    ReadFilter acl = ctx.acl().readFilter(r);
    Map<String, AgentService> out = new LinkedHashMap<>();
    ctx.store()
        .snapshot()
        .services()
        .forEach(
            (id, s) -> {
              if (acl.service(s.service())) {
                out.put(id, s);
              }
            });
    return acl.mark(ApiResponse.json(Filter.applyToValues(filter, out)));
  }

  private ApiResponse self(ApiRequest r) {
    ctx.acl().requireRule(r, "agent:read", ctx.config().nodeName()); // Consul: agent:read
    StateSnapshot s = ctx.store().snapshot();
    Node node = s.node();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("Datacenter", ctx.config().datacenter());
    config.put("PrimaryDatacenter", ctx.config().datacenter());
    config.put("NodeName", node.node());
    config.put("NodeID", node.id());
    config.put("Server", true);
    config.put("Revision", "nativemesh");
    config.put("Version", CONSUL_API_VERSION); // clients gate features on the Consul API level
    config.put("VersionPrerelease", "");
    config.put("VersionMetadata", versionMetadata());
    config.put("BuildDate", NativeMeshVersion.current().buildTimestamp().toString());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Config", config);
    body.put("Coord", AgentSelf.coordinate());
    body.put("Member", AgentSelf.member(ctx, node, false));
    body.put("Stats", AgentSelf.stats(ctx, s));
    body.put("DebugConfig", AgentSelf.debugConfig(ctx, node));
    body.put("Meta", Map.of());
    return ApiResponse.json(body);
  }
}
