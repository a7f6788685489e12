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
import io.nativemesh.core.model.Node;
import io.nativemesh.server.internal.acl.ReadFilter;
import io.nativemesh.server.internal.agent.ServiceNames;
import io.nativemesh.server.internal.filter.Filter;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.NodeView;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Catalog endpoints (docs/consul-api.md, "Catalog"): register/deregister (any node; nobody runs
 * catalog checks), datacenters, nodes, node, services, service and connect. Reads block on the
 * nodes and services tables. Thread-safe.
 */
public final class CatalogApi {
  static final List<Table> CATALOG_TABLES = List.of(Table.NODES, Table.SERVICES);
  private static final Table[] CATALOG = CATALOG_TABLES.toArray(Table[]::new);
  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public CatalogApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addBlocking(HttpMethod.PUT, "/v1/catalog/register", this::registerNode);
    router.addBlocking(HttpMethod.PUT, "/v1/catalog/deregister", this::deregister);
    router.add(
        HttpMethod.GET,
        "/v1/catalog/datacenters",
        r -> ApiResponse.json(List.of(ctx.config().datacenter())));
    router.addAsync(HttpMethod.GET, "/v1/catalog/nodes", this::nodes);
    router.addAsync(HttpMethod.GET, "/v1/catalog/node/:node", this::node);
    router.addAsync(HttpMethod.GET, "/v1/catalog/services", this::services);
    router.addAsync(HttpMethod.GET, "/v1/catalog/service/:service", r -> service(r, false));
    router.addAsync(HttpMethod.GET, "/v1/catalog/connect/:service", r -> service(r, true));
  }

  private ApiResponse registerNode(ApiRequest r) {
    CatalogWire.Registration reg = Json.read(r.body(), CatalogWire.Registration.class);
    if (reg == null
        || reg.node() == null
        || reg.node().isEmpty()
        || reg.address() == null
        || reg.address().isEmpty()) {
      throw HttpError.badRequest("Must provide node and address");
    }
    checkDatacenter(reg.datacenter());
    String dc = ctx.config().datacenter();
    AgentService service = null;
    if (reg.service() != null) {
      CatalogWire.ServiceBody s = reg.service();
      if (s.service() == null || s.service().isEmpty()) {
        throw HttpError.badRequest("Must provide service name");
      }
      ServiceNames.requireLeafable(s.service());
      int port = s.port() == null ? 0 : s.port();
      if (port < 0 || port > 65535) {
        throw HttpError.badRequest("Invalid Port " + port + ": must be 0..65535");
      }
      ctx.acl().requireServiceWrite(r, s.service());
      service = CatalogWire.toService(s, dc);
    } else {
      ctx.acl().requireNodeWrite(r);
    }
    List<HealthCheck> checks = new ArrayList<>();
    List<CatalogWire.CheckBody> bodies = new ArrayList<>();
    if (reg.check() != null) {
      bodies.add(reg.check());
    }
    if (reg.checks() != null) {
      bodies.addAll(reg.checks());
    }
    for (CatalogWire.CheckBody c : bodies) {
      if (c == null) {
        throw HttpError.badRequest("Invalid check: null");
      }
      String id = c.checkId() != null && !c.checkId().isEmpty() ? c.checkId() : c.name();
      if (id == null || id.isEmpty()) {
        throw HttpError.badRequest("Missing check ID: provide CheckID or Name");
      }
      if (c.node() != null && !c.node().isEmpty() && !c.node().equals(reg.node())) {
        throw HttpError.badRequest(
            "Check node '" + c.node() + "' does not match node '" + reg.node() + "'");
      }
      String status =
          c.status() == null || c.status().isEmpty() ? HealthCheck.CRITICAL : c.status();
      requireStatus(status);
      String serviceId = c.serviceId() == null ? "" : c.serviceId();
      if (!serviceId.isEmpty() && service == null
          || service != null && !serviceId.isEmpty() && !serviceId.equals(service.id())) {
        // a check for another service already on the node: resolved (and validated) by the state
        // machine
        ctx.acl().requireNodeWrite(r);
      }
      checks.add(
          new HealthCheck(
              reg.node(),
              id,
              c.name() == null ? id : c.name(),
              status,
              c.notes() == null ? "" : c.notes(),
              c.output() == null ? "" : c.output(),
              serviceId,
              "",
              List.of(),
              "",
              0,
              0));
    }
    // Consul keeps a node registered without TaggedAddresses at nil (JSON null, omitted here):
    // clients
    // such as kiwiproject consul-client read an empty object as a TaggedAddresses lacking its "wan"
    Node node =
        new Node(
            reg.id() == null ? "" : reg.id(),
            reg.node(),
            reg.address(),
            dc,
            reg.taggedAddresses() == null || reg.taggedAddresses().isEmpty()
                ? null
                : Map.copyOf(reg.taggedAddresses()),
            reg.nodeMeta() == null ? Map.of() : Map.copyOf(reg.nodeMeta()),
            0,
            0);
    try {
      ctx.store().apply(new Command.CatalogRegister(node, service, checks, reg.skipNodeUpdate()));
    } catch (IllegalStateException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    return ApiResponse.json(true);
  }

  static void requireStatus(String status) {
    if (!HealthCheck.PASSING.equals(status)
        && !HealthCheck.WARNING.equals(status)
        && !HealthCheck.CRITICAL.equals(status)) {
      throw HttpError.badRequest("Invalid check status: '" + status + "'");
    }
  }

  private void checkDatacenter(String dc) {
    if (dc != null && !dc.isEmpty() && !dc.equals(ctx.config().datacenter())) {
      throw new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "No path to datacenter");
    }
  }

  private ApiResponse deregister(ApiRequest r) {
    CatalogWire.Deregistration d = Json.read(r.body(), CatalogWire.Deregistration.class);
    if (d == null || d.node() == null || d.node().isEmpty()) {
      throw HttpError.badRequest("Must provide node");
    }
    checkDatacenter(d.datacenter());
    String serviceId = d.serviceId() == null || d.serviceId().isEmpty() ? null : d.serviceId();
    String checkId = d.checkId() == null || d.checkId().isEmpty() ? null : d.checkId();
    NodeView v = ctx.store().snapshot().nodeView(d.node());
    if (serviceId != null && v != null) {
      for (AgentService s : v.services()) {
        if (s.id().equals(serviceId)) {
          ctx.acl().requireServiceWrite(r, s.service());
        }
      }
    }
    if (serviceId == null) {
      ctx.acl().requireNodeWrite(r);
    }
    ctx.store().apply(new Command.CatalogDeregister(d.node(), serviceId, checkId));
    return ApiResponse.json(true);
  }

  private CompletableFuture<ApiResponse> nodes(ApiRequest r) {
    Filter filter = Filter.of(r);
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(CATALOG_TABLES),
        () -> {
          ReadFilter acl = ctx.acl().readFilter(r);
          StateSnapshot s = ctx.store().snapshot();
          List<Node> out = new ArrayList<>();
          for (NodeView v : s.nodeViews()) {
            if (acl.node(v.node().node())) {
              out.add(v.node());
            }
          }
          out.sort((a, b) -> a.node().compareTo(b.node()));
          return acl.mark(
              ApiResponse.json(filter == null ? out : filter.apply(out), s.indexOf(CATALOG)));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> node(ApiRequest r) {
    String name = r.pathParam();
    Filter filter = Filter.of(r);
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(CATALOG_TABLES),
        () -> {
          ReadFilter acl = ctx.acl().readFilter(r);
          StateSnapshot s = ctx.store().snapshot();
          NodeView v = s.nodeView(name);
          if (v == null || !acl.node(name)) {
            return acl.mark(ApiResponse.json(null, s.indexOf(CATALOG)));
          }
          Map<String, Object> services = new LinkedHashMap<>();
          for (AgentService svc : v.services()) {
            if (acl.service(svc.service())) {
              services.put(svc.id(), svc);
            }
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("Node", v.node());
          body.put("Services", Filter.applyToValues(filter, services));
          return acl.mark(ApiResponse.json(body, s.indexOf(CATALOG)));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> services(ApiRequest r) {
    Filter filter = Filter.of(r);
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(CATALOG_TABLES),
        () -> {
          ReadFilter acl = ctx.acl().readFilter(r);
          StateSnapshot s = ctx.store().snapshot();
          Map<String, SortedSet<String>> byName = new TreeMap<>();
          for (NodeView v : s.nodeViews()) {
            for (AgentService svc : v.services()) {
              if (!acl.instance(v.node().node(), svc.service())) {
                continue;
              }
              if (filter == null
                  || filter.matches(Json.tree(CatalogWire.catalogService(v.node(), svc)))) {
                byName.computeIfAbsent(svc.service(), k -> new TreeSet<>()).addAll(svc.tags());
              }
            }
          }
          Map<String, List<String>> out = new LinkedHashMap<>();
          byName.forEach((k, v) -> out.put(k, List.copyOf(v)));
          return acl.mark(ApiResponse.json(out, s.indexOf(CATALOG)));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> service(ApiRequest r, boolean connectOnly) {
    String name = r.pathParam();
    List<String> tags = r.queryAll("tag");
    Filter filter = Filter.of(r);
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(CATALOG_TABLES),
        () -> {
          ReadFilter acl = ctx.acl().readFilter(r);
          StateSnapshot s = ctx.store().snapshot();
          List<Map<String, Object>> out = new ArrayList<>();
          for (NodeView v : s.nodeViews()) {
            for (AgentService svc : v.services()) {
              if (!svc.service().equals(name)
                  || !svc.tags().containsAll(tags)
                  || connectOnly && (svc.connect() == null || !svc.connect().nativeApp())
                  || !acl.instance(v.node().node(), svc.service())) {
                continue;
              }
              out.add(CatalogWire.catalogService(v.node(), svc));
            }
          }
          return acl.mark(
              ApiResponse.json(filter == null ? out : filter.apply(out), s.indexOf(CATALOG)));
        },
        ctx.random());
  }
}
