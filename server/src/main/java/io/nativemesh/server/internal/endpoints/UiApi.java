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

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.intention.IntentionPrecedence;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.acl.ReadFilter;
import io.nativemesh.server.internal.ca.LeafCache;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.NodeView;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The web UI at {@code /ui} (static HTML, CSS and vanilla JavaScript from the server's resources,
 * {@code io/nativemesh/server/ui/}) and the reads it needs beyond Consul's API, under Consul's
 * {@code /v1/internal/ui/} prefix (blocking where they read the state):
 *
 * <ul>
 *   <li>{@code GET /v1/internal/ui/services}: every instance with its node, checks and Connect
 *       status (catalog read);
 *   <li>{@code GET /v1/internal/ui/intention-matrix}: every known source × destination with the
 *       decision the destination's SDK makes and the deciding intention (management read);
 *   <li>{@code GET /v1/internal/ui/leaves}: the leaves this agent issued recently, per service,
 *       without keys (operator read).
 * </ul>
 */
public final class UiApi {
  private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.(html|js|css)");
  private static final List<Table> HEALTH_TABLES =
      List.of(Table.NODES, Table.SERVICES, Table.CHECKS);
  private static final List<Table> MATRIX_TABLES = List.of(Table.SERVICES, Table.INTENTIONS);
  private final ServerContext ctx;

  /**
   * @param ctx the server
   */
  public UiApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the routes
   */
  public void register(Router router) {
    router.add(HttpMethod.GET, "/ui", r -> asset("index.html"));
    router.add(HttpMethod.GET, "/ui/", r -> asset("index.html"));
    router.add(
        HttpMethod.GET,
        "/ui/:file",
        r -> asset(r.pathParam().isEmpty() ? "index.html" : r.pathParam()));
    router.addAsync(HttpMethod.GET, "/v1/internal/ui/services", this::services);
    router.addAsync(HttpMethod.GET, "/v1/internal/ui/intention-matrix", this::matrix);
    router.add(HttpMethod.GET, "/v1/internal/ui/leaves", this::leaves);
  }

  private static ApiResponse asset(String name) {
    if (!ASSET.matcher(name).matches()) {
      throw new HttpError(HttpResponseStatus.NOT_FOUND, "no UI asset '" + name + "'");
    }
    try (InputStream in = UiApi.class.getResourceAsStream("/io/nativemesh/server/ui/" + name)) {
      if (in == null) {
        throw new HttpError(HttpResponseStatus.NOT_FOUND, "no UI asset '" + name + "'");
      }
      String type =
          name.endsWith(".html")
              ? "text/html; charset=utf-8"
              : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
      return ApiResponse.raw(in.readAllBytes(), type, null);
    } catch (IOException e) {
      throw new HttpError(HttpResponseStatus.NOT_FOUND, "cannot read UI asset '" + name + "'");
    }
  }

  private CompletableFuture<ApiResponse> services(ApiRequest r) {
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
              if (acl.instance(v.node().node(), svc.service())) {
                out.add(new ServiceEntry(v.node(), svc, v.checksForInstance(svc.id())));
              }
            }
          }
          out.sort(
              (a, b) ->
                  (a.service().service() + "/" + a.service().id())
                      .compareTo(b.service().service() + "/" + b.service().id()));
          return acl.mark(ApiResponse.json(out, s.indexOf(HEALTH_TABLES.toArray(Table[]::new))));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> matrix(ApiRequest r) {
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(MATRIX_TABLES),
        () -> {
          Acl.Identity id = ctx.acl().resolveSecret(Acl.token(r));
          ReadFilter acl = ctx.acl().readFilter(r);
          StateSnapshot s = ctx.store().snapshot();
          TreeSet<String> sources = new TreeSet<>();
          TreeSet<String> destinations = new TreeSet<>();
          for (AgentService svc : s.services().values()) {
            if ((svc.kind() == null || svc.kind().isEmpty()) && acl.service(svc.service())) {
              sources.add(svc.service());
              destinations.add(svc.service());
            }
          }
          for (Intention i : s.allIntentions()) {
            if (!IntentionPrecedence.WILDCARD.equals(i.sourceName())) {
              sources.add(i.sourceName());
            }
            if (!IntentionPrecedence.WILDCARD.equals(i.destinationName())) {
              destinations.add(i.destinationName());
            }
          }
          destinations.removeIf(d -> !ctx.acl().canReadIntentions(id, d));
          TrustDomain td = TrustDomain.parse(s.ca().trustDomain());
          boolean defaultAllow = ctx.config().defaultIntentionPolicy().allows();
          List<Map<String, Object>> cells = new ArrayList<>();
          for (String d : destinations) {
            IntentionMatcher m =
                new IntentionMatcher(d, s.intentionsForDestination(d), defaultAllow);
            for (String src : sources) {
              ServiceIdentity who =
                  SpiffeId.forService(td, "default", ctx.config().datacenter(), src).asService();
              IntentionDecision dec = m.decide(who, false);
              Map<String, Object> c = new LinkedHashMap<>();
              c.put("Source", src);
              c.put("Destination", d);
              c.put("Allowed", dec.allowed());
              c.put("Reason", dec.reason());
              if (dec.intention() != null) {
                Intention i = dec.intention();
                c.put("IntentionID", i.id());
                c.put("RuleSource", i.sourceName());
                c.put("RuleDestination", i.destinationName());
                c.put("RuleAction", i.isL7() ? "L7" : i.action());
                c.put("Precedence", IntentionPrecedence.of(i));
              }
              cells.add(c);
            }
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("DefaultPolicy", defaultAllow ? "allow" : "deny");
          out.put("Sources", List.copyOf(sources));
          out.put("Destinations", List.copyOf(destinations));
          out.put("Cells", cells);
          return acl.mark(ApiResponse.json(out, s.indexOf(MATRIX_TABLES.toArray(Table[]::new))));
        },
        ctx.random());
  }

  private ApiResponse leaves(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:read", null);
    Map<String, List<LeafCache.IssuedLeaf>> recent = ctx.leafCache().recentLeaves();
    List<Map<String, Object>> out = new ArrayList<>();
    recent.forEach(
        (svc, leaves) -> {
          for (LeafCache.IssuedLeaf l : leaves) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Service", svc);
            m.put("SerialNumber", l.serialNumber());
            m.put("SigningKeyID", l.signingKeyId());
            m.put("ValidAfter", l.validAfter());
            m.put("ValidBefore", l.validBefore());
            out.add(m);
          }
        });
    return ApiResponse.json(out);
  }
}
