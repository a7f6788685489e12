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

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.nativemesh.core.GoDuration;
import io.nativemesh.core.model.Node;
import io.nativemesh.server.internal.acl.Access;
import io.nativemesh.server.internal.acl.ReadFilter;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The single node's view of the cluster endpoints (Consul API: /v1/coordinate, /v1/operator/raft,
 * /v1/operator/autopilot): the node is the only server, the only raft voter and the leader; it has
 * the origin network coordinate (there are no peers to measure against); autopilot reports it
 * healthy with a failure tolerance of 0. The autopilot configuration is kept in memory (a single
 * node has no dead servers to clean up or upgrades to migrate, so nothing acts on it) and resets on
 * restart. Thread-safe.
 */
public final class OperatorApi {
  private final ServerContext ctx;
  private final Instant started;
  private final AtomicReference<Map<String, Object>> autopilot;

  /**
   * @param ctx shared components
   */
  public OperatorApi(ServerContext ctx) {
    this.ctx = ctx;
    this.started = ctx.config().clock().instant();
    long idx = Math.max(1, ctx.store().snapshot().index());
    this.autopilot =
        new AtomicReference<>(
            autopilotConfig(
                new AutopilotBody(true, "200ms", 250L, 0L, "10s", "", false, "", null), idx, idx));
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.add(HttpMethod.GET, "/v1/coordinate/datacenters", this::datacenters);
    router.addAsync(HttpMethod.GET, "/v1/coordinate/nodes", this::nodes);
    router.addAsync(HttpMethod.GET, "/v1/coordinate/node/:node", this::node);
    router.add(HttpMethod.GET, "/v1/operator/raft/configuration", this::raftConfiguration);
    router.add(HttpMethod.GET, "/v1/operator/autopilot/configuration", r -> readAutopilot(r));
    router.add(HttpMethod.PUT, "/v1/operator/autopilot/configuration", this::writeAutopilot);
    router.add(HttpMethod.GET, "/v1/operator/autopilot/health", this::autopilotHealth);
  }

  private Map<String, Object> nodeCoordinate(Node node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Node", node.node());
    m.put("Segment", "");
    m.put("Coord", AgentSelf.coordinate());
    return m;
  }

  private ApiResponse datacenters(ApiRequest r) {
    Node node = ctx.store().snapshot().node();
    Map<String, Object> wanCoord = new LinkedHashMap<>();
    wanCoord.put("Node", node.node() + "." + ctx.config().datacenter());
    wanCoord.put("Coord", AgentSelf.coordinate());
    Map<String, Object> dc = new LinkedHashMap<>();
    dc.put("Datacenter", ctx.config().datacenter());
    dc.put("AreaID", "wan");
    dc.put("Coordinates", List.of(wanCoord));
    return ApiResponse.json(List.of(dc));
  }

  /** Consul: each coordinate needs {@code node:read} on its node; the rest are filtered out. */
  private CompletableFuture<ApiResponse> nodes(ApiRequest r) {
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(List.of(Table.NODES)),
        () -> {
          ReadFilter acl = ctx.acl().readFilter(r);
          StateSnapshot s = ctx.store().snapshot();
          List<Map<String, Object>> out =
              acl.node(s.node().node()) ? List.of(nodeCoordinate(s.node())) : List.of();
          return acl.mark(ApiResponse.json(out, s.indexOf(Table.NODES)));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> node(ApiRequest r) {
    String name = r.pathParam();
    // Consul: node:read on the named node, else 403 (Coordinate.Node checks before reading)
    ctx.acl().require(r, "node", name, Access.READ);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(List.of(Table.NODES)),
        () -> {
          StateSnapshot s = ctx.store().snapshot();
          if (!s.node().node().equals(name)) {
            // Consul: a node without coordinates (here: every node but this agent's) is a 404
            throw HttpError.notFound("");
          }
          return ApiResponse.json(List.of(nodeCoordinate(s.node())), s.indexOf(Table.NODES));
        },
        ctx.random());
  }

  private ApiResponse raftConfiguration(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:read", null);
    StateSnapshot s = ctx.store().snapshot();
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("ID", s.node().id());
    server.put("Node", s.node().node());
    server.put("Address", ctx.advertiseAddress() + ":8300");
    server.put("Leader", true);
    server.put("ProtocolVersion", "3");
    server.put("Voter", true);
    server.put("LastIndex", s.index());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Servers", List.of(server));
    body.put("Index", s.index());
    return ApiResponse.json(body);
  }

  /**
   * {@code PUT /v1/operator/autopilot/configuration} body (Consul: {@code AutopilotConfiguration}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AutopilotBody(
      @JsonProperty("CleanupDeadServers") Boolean cleanupDeadServers,
      @JsonProperty("LastContactThreshold") String lastContactThreshold,
      @JsonProperty("MaxTrailingLogs") Long maxTrailingLogs,
      @JsonProperty("MinQuorum") Long minQuorum,
      @JsonProperty("ServerStabilizationTime") String serverStabilizationTime,
      @JsonProperty("RedundancyZoneTag") String redundancyZoneTag,
      @JsonProperty("DisableUpgradeMigration") Boolean disableUpgradeMigration,
      @JsonProperty("UpgradeVersionTag") String upgradeVersionTag,
      @JsonProperty("ModifyIndex") Long modifyIndex) {}

  private static String duration(String field, String v) {
    try {
      Duration d = GoDuration.parse(v);
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return GoDuration.format(d);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("Invalid " + field + " '" + v + "': " + e.getMessage());
    }
  }

  private static Map<String, Object> autopilotConfig(AutopilotBody b, long create, long modify) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("CleanupDeadServers", b.cleanupDeadServers() == null || b.cleanupDeadServers());
    m.put(
        "LastContactThreshold",
        duration(
            "LastContactThreshold",
            b.lastContactThreshold() == null ? "200ms" : b.lastContactThreshold()));
    m.put("MaxTrailingLogs", b.maxTrailingLogs() == null ? 250 : b.maxTrailingLogs());
    m.put("MinQuorum", b.minQuorum() == null ? 0 : b.minQuorum());
    m.put(
        "ServerStabilizationTime",
        duration(
            "ServerStabilizationTime",
            b.serverStabilizationTime() == null ? "10s" : b.serverStabilizationTime()));
    m.put("RedundancyZoneTag", b.redundancyZoneTag() == null ? "" : b.redundancyZoneTag());
    m.put("DisableUpgradeMigration", Boolean.TRUE.equals(b.disableUpgradeMigration()));
    m.put("UpgradeVersionTag", b.upgradeVersionTag() == null ? "" : b.upgradeVersionTag());
    m.put("CreateIndex", create);
    m.put("ModifyIndex", modify);
    return m;
  }

  private ApiResponse readAutopilot(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:read", null);
    return ApiResponse.json(autopilot.get());
  }

  private ApiResponse writeAutopilot(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:write", null);
    AutopilotBody b = Json.read(r.body(), AutopilotBody.class);
    if (b == null) {
      throw HttpError.badRequest("Request decode failed: empty body");
    }
    String cas = r.query("cas");
    while (true) {
      Map<String, Object> old = autopilot.get();
      long modify = (Long) old.get("ModifyIndex");
      if (cas != null) {
        long want;
        try {
          want = Long.parseUnsignedLong(cas);
        } catch (NumberFormatException e) {
          throw HttpError.badRequest("Invalid cas value: '" + cas + "'");
        }
        if (want != modify) {
          return ApiResponse.json(false);
        }
      }
      Map<String, Object> next = autopilotConfig(b, (Long) old.get("CreateIndex"), modify + 1);
      if (autopilot.compareAndSet(old, next)) {
        return ApiResponse.json(true);
      }
    }
  }

  private ApiResponse autopilotHealth(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:read", null);
    StateSnapshot s = ctx.store().snapshot();
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("ID", s.node().id());
    server.put("Name", s.node().node());
    server.put("Address", ctx.advertiseAddress() + ":8300");
    server.put("SerfStatus", "alive");
    server.put("Version", AgentApi.CONSUL_API_VERSION);
    server.put("Leader", true);
    server.put("LastContact", "0s");
    server.put("LastTerm", 1);
    server.put("LastIndex", s.index());
    server.put("Healthy", true);
    server.put("Voter", true);
    server.put("StableSince", started.toString());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Healthy", true);
    body.put("FailureTolerance", 0);
    body.put("Servers", List.of(server));
    return ApiResponse.json(body);
  }
}
