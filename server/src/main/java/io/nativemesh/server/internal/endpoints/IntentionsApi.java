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

import io.nativemesh.core.InvalidSpiffeIdException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.Intention;
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.filter.Filter;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Intention endpoints (docs/consul-api.md, "Intentions"; the legacy form): exact
 * upsert/read/delete, list, match (blocking, evaluation order, {@code Precedence} filled in) and
 * check ({@code {"Allowed": bool}}, L7 = deny, unmatched = the default intention policy). Namespace
 * is always {@code default}. Thread-safe.
 */
public final class IntentionsApi {
  private static final List<Table> TABLES = List.of(Table.INTENTIONS);
  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public IntentionsApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.PUT, "/v1/connect/intentions/exact", this::putExact);
    router.add(HttpMethod.GET, "/v1/connect/intentions/exact", this::getExact);
    router.addAsync(HttpMethod.DELETE, "/v1/connect/intentions/exact", this::deleteExact);
    router.addAsync(HttpMethod.GET, "/v1/connect/intentions", this::list);
    router.addAsync(HttpMethod.GET, "/v1/connect/intentions/match", this::match);
    router.add(HttpMethod.GET, "/v1/connect/intentions/check", this::check);
  }

  /** Answers once the write is durable, without holding the event loop during the fsync. */
  private CompletableFuture<ApiResponse> putExact(ApiRequest r) {
    ctx.acl().requireRule(r, "intentions:write", r.query("destination"));
    String source = IntentionValidator.name(r.query("source"), "source");
    String destination = IntentionValidator.name(r.query("destination"), "destination");
    ctx.acl().requireIntentionRead(r, destination);
    Intention body = Json.read(r.body(), Intention.class);
    IntentionValidator.body(body, destination);
    ServiceProtocol.check(ctx.store().snapshot(), body, destination);
    return IntentionIdApi.submitIntentionWrite(
            ctx,
            new Command.UpsertIntention(
                source,
                destination,
                IntentionValidator.action(body),
                IntentionValidator.permissions(body),
                body.description(),
                body.meta(),
                RootGenerator.randomUuid(ctx.random()),
                ctx.config().clock().instant()))
        .thenApply(a -> ApiResponse.json(Boolean.TRUE));
  }

  private ApiResponse getExact(ApiRequest r) {
    ctx.acl().requireIntentionRead(r, r.query("destination") == null ? "" : r.query("destination"));
    String source = IntentionValidator.name(r.query("source"), "source");
    String destination = IntentionValidator.name(r.query("destination"), "destination");
    StateSnapshot s = ctx.store().snapshot();
    Intention i = s.intention(source, destination);
    if (i == null) {
      throw HttpError.notFound("Intention not found");
    }
    return ApiResponse.json(i, s.indexOf(Table.INTENTIONS));
  }

  private CompletableFuture<ApiResponse> deleteExact(ApiRequest r) {
    ctx.acl().requireRule(r, "intentions:write", r.query("destination"));
    String source = IntentionValidator.name(r.query("source"), "source");
    String destination = IntentionValidator.name(r.query("destination"), "destination");
    return ctx.store()
        .submit(new Command.DeleteIntention(source, destination))
        .thenApply(a -> ApiResponse.json(Boolean.TRUE));
  }

  private CompletableFuture<ApiResponse> list(ApiRequest r) {
    Filter filter = Filter.of(r);
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(TABLES),
        () -> {
          // re-resolved on every run: a parked query sees policy changes (issue 18)
          Acl.Identity who = ctx.acl().resolveSecret(Acl.token(r));
          StateSnapshot s = ctx.store().snapshot();
          List<Intention> all = new ArrayList<>();
          for (Intention i : s.allIntentions()) {
            if (ctx.acl().canReadIntentions(who, i.destinationName())) {
              all.add(i);
            }
          }
          return ApiResponse.json(
              filter == null ? all : filter.apply(all), s.indexOf(Table.INTENTIONS));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> match(ApiRequest r) {
    String by = r.requiredQuery("by");
    if (!by.equals("source") && !by.equals("destination")) {
      throw HttpError.badRequest("'by' parameter must be one of 'source' or 'destination'");
    }
    List<String> names = r.queryAll("name").stream().filter(n -> !n.isEmpty()).toList();
    if (names.isEmpty()) {
      throw HttpError.badRequest("required query parameter 'name' not set");
    }
    for (String n : names) {
      ctx.acl().requireIntentionRead(r, n);
    }
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(TABLES),
        () -> {
          StateSnapshot s = ctx.store().snapshot();
          Map<String, List<Intention>> out = new LinkedHashMap<>();
          for (String n : names) {
            out.put(
                n,
                by.equals("destination")
                    ? s.intentionsForDestination(n)
                    : s.intentionsForSource(n));
          }
          return ApiResponse.json(out, s.indexOf(Table.INTENTIONS));
        },
        ctx.random());
  }

  private ApiResponse check(ApiRequest r) {
    String source = IntentionValidator.name(r.query("source"), "source");
    String destination = IntentionValidator.name(r.query("destination"), "destination");
    ctx.acl().requireRule(r, "service:read", destination); // Consul: service:read
    String sourceType = r.query("source-type");
    if (sourceType != null && !sourceType.isEmpty() && !sourceType.equals("consul")) {
      throw HttpError.badRequest("unsupported source-type '" + sourceType + "': must be 'consul'");
    }
    StateSnapshot s = ctx.store().snapshot();
    IntentionMatcher matcher =
        new IntentionMatcher(
            destination,
            s.intentionsForDestination(destination),
            ctx.config().defaultIntentionPolicy().allows());
    boolean allowed = matcher.decide(identity(s, source), false).allowed();
    return ApiResponse.json(Map.of("Allowed", allowed), s.indexOf(Table.INTENTIONS));
  }

  private ServiceIdentity identity(StateSnapshot s, String source) {
    SpiffeId id;
    try {
      id =
          SpiffeId.forService(
              TrustDomain.parse(s.ca().trustDomain()),
              "default",
              ctx.config().datacenter(),
              source);
    } catch (InvalidSpiffeIdException e) {
      throw HttpError.badRequest("Invalid source name '" + source + "': " + e.getMessage());
    }
    return new ServiceIdentity(id, "default", "default", ctx.config().datacenter(), source);
  }
}
