package io.nativemesh.server.internal.endpoints;

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Health and catalog reads (Consul API §2.4), all blocking: {@code GET /v1/health/service/:service},
 * {@code GET /v1/health/connect/:service} (Connect-native instances only) and
 * {@code GET /v1/catalog/services}. The index is the maximum of the nodes, services and checks
 * tables. Thread-safe.
 */
public final class HealthApi {
  private static final List<Table> HEALTH_TABLES = List.of(Table.NODES, Table.SERVICES, Table.CHECKS);
  private static final List<Table> CATALOG_TABLES = List.of(Table.NODES, Table.SERVICES);
  private final ServerContext ctx;

  /** @param ctx shared components */
  public HealthApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.GET, "/v1/health/service/:service", r -> health(r, false));
    router.addAsync(HttpMethod.GET, "/v1/health/connect/:service", r -> health(r, true));
    router.addAsync(HttpMethod.GET, "/v1/catalog/services", this::catalogServices);
  }

  private java.util.concurrent.CompletableFuture<ApiResponse> health(ApiRequest r, boolean connectOnly) {
    String service = r.pathParam();
    boolean passing = r.flag("passing");
    List<String> tags = r.queryAll("tag");
    rejectFilter(r);
    return BlockingQuery.run(r, () -> ctx.store().watch(HEALTH_TABLES), () -> {
      StateSnapshot s = ctx.store().snapshot();
      List<ServiceEntry> out = new ArrayList<>();
      for (AgentService svc : s.instancesOf(service)) {
        if (connectOnly && (svc.connect() == null || !svc.connect().nativeApp())) {
          continue;
        }
        if (!svc.tags().containsAll(tags)) {
          continue;
        }
        List<HealthCheck> checks = s.checksForInstance(svc.id());
        ServiceEntry e = new ServiceEntry(s.node(), svc, checks);
        if (passing && !e.isPassing()) {
          continue;
        }
        out.add(e);
      }
      return ApiResponse.json(out, s.indexOf(HEALTH_TABLES.toArray(Table[]::new)));
    }, ctx.random());
  }

  private java.util.concurrent.CompletableFuture<ApiResponse> catalogServices(ApiRequest r) {
    rejectFilter(r);
    return BlockingQuery.run(r, () -> ctx.store().watch(CATALOG_TABLES), () -> {
      StateSnapshot s = ctx.store().snapshot();
      Map<String, SortedSet<String>> byName = new TreeMap<>();
      for (AgentService svc : s.services().values()) {
        byName.computeIfAbsent(svc.service(), k -> new TreeSet<>()).addAll(svc.tags());
      }
      Map<String, List<String>> out = new LinkedHashMap<>();
      byName.forEach((k, v) -> out.put(k, List.copyOf(v)));
      return ApiResponse.json(out, s.indexOf(CATALOG_TABLES.toArray(Table[]::new)));
    }, ctx.random());
  }

  private static void rejectFilter(ApiRequest r) {
    if (r.has("filter")) {
      throw HttpError.badRequest("Failed to create boolean expression evaluator: filter expressions are not supported by this server");
    }
  }
}
