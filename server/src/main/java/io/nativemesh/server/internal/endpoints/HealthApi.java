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

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.server.internal.acl.ReadFilter;
import io.nativemesh.server.internal.filter.Filter;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.NodeView;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Health reads (docs/consul-api.md, "Health"), all blocking and over every catalog node: {@code GET
 * /v1/health/service/:service} ({@code tag} repeatable, {@code passing}, {@code filter}), {@code
 * GET /v1/health/connect/:service} (Connect-native instances only), {@code GET
 * /v1/health/checks/:service}, {@code GET /v1/health/node/:node} and {@code GET
 * /v1/health/state/:state} ({@code any}, {@code passing}, {@code warning}, {@code critical}). The
 * index is the maximum of the nodes, services and checks tables. Thread-safe.
 */
public final class HealthApi {
  private static final List<Table> HEALTH_TABLES =
      List.of(Table.NODES, Table.SERVICES, Table.CHECKS);
  private static final Table[] HEALTH = HEALTH_TABLES.toArray(Table[]::new);
  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public HealthApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.GET, "/v1/health/service/:service", r -> health(r, false));
    router.addAsync(HttpMethod.GET, "/v1/health/connect/:service", r -> health(r, true));
    router.addAsync(
        HttpMethod.GET,
        "/v1/health/checks/:service",
        r -> checks(r, v -> serviceChecks(v, r.pathParam())));
    router.addAsync(
        HttpMethod.GET,
        "/v1/health/node/:node",
        r -> checks(r, v -> v.node().node().equals(r.pathParam()) ? v.checks() : List.of()));
    router.addAsync(HttpMethod.GET, "/v1/health/state/:state", this::state);
  }

  private CompletableFuture<ApiResponse> health(ApiRequest r, boolean connectOnly) {
    String service = r.pathParam();
    boolean passing = r.flag("passing");
    List<String> tags = r.queryAll("tag");
    Filter filter = Filter.of(r);
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(HEALTH_TABLES),
        () -> {
          ReadFilter acl = ctx.acl().readFilter(r);
          StateSnapshot s = ctx.store().snapshot();
          List<ServiceEntry> out = new ArrayList<>();
          for (NodeView v : s.nodeViews()) {
            for (AgentService svc : v.services()) {
              if (!svc.service().equals(service)) {
                continue;
              }
              if (!acl.instance(v.node().node(), svc.service())) {
                continue;
              }
              if (connectOnly && (svc.connect() == null || !svc.connect().nativeApp())) {
                continue;
              }
              if (!svc.tags().containsAll(tags)) {
                continue;
              }
              ServiceEntry e = new ServiceEntry(v.node(), svc, v.checksForInstance(svc.id()));
              if (passing && !e.isPassing()) {
                continue;
              }
              out.add(e);
            }
          }
          return acl.mark(
              ApiResponse.json(filter == null ? out : filter.apply(out), s.indexOf(HEALTH)));
        },
        ctx.random());
  }

  private static List<HealthCheck> serviceChecks(NodeView v, String service) {
    List<HealthCheck> out = new ArrayList<>();
    for (HealthCheck c : v.checks()) {
      if (service.equals(c.serviceName())) {
        out.add(c);
      }
    }
    return out;
  }

  private CompletableFuture<ApiResponse> checks(
      ApiRequest r, Function<NodeView, List<HealthCheck>> select) {
    Filter filter = Filter.of(r);
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(HEALTH_TABLES),
        () -> {
          ReadFilter acl = ctx.acl().readFilter(r);
          StateSnapshot s = ctx.store().snapshot();
          List<HealthCheck> out = new ArrayList<>();
          for (NodeView v : s.nodeViews()) {
            for (HealthCheck c : select.apply(v)) {
              if (acl.check(c)) {
                out.add(c);
              }
            }
          }
          return acl.mark(
              ApiResponse.json(filter == null ? out : filter.apply(out), s.indexOf(HEALTH)));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> state(ApiRequest r) {
    String state = r.pathParam();
    if (!state.equals("any")
        && !state.equals(HealthCheck.PASSING)
        && !state.equals(HealthCheck.WARNING)
        && !state.equals(HealthCheck.CRITICAL)) {
      throw HttpError.badRequest(
          "Bad check state: '" + state + "' (any, passing, warning or critical)");
    }
    return checks(
        r,
        v -> {
          List<HealthCheck> out = new ArrayList<>();
          for (HealthCheck c : v.checks()) {
            if (state.equals("any") || state.equals(c.status())) {
              out.add(c);
            }
          }
          return out;
        });
  }
}
