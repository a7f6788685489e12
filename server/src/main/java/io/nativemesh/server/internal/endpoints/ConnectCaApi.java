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

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.InvalidSpiffeIdException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.AuthorizeRequest;
import io.nativemesh.core.model.AuthorizeResponse;
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.server.internal.ca.CaConfigParser;
import io.nativemesh.server.internal.ca.CaConfigurator;
import io.nativemesh.server.internal.ca.CsrRateLimitedException;
import io.nativemesh.server.internal.ca.CsrRateLimiter;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.CaConfig;
import io.nativemesh.server.internal.state.CaState;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Connect CA and authorization endpoints (docs/consul-api.md, "Connect CA roots", "Leaf
 * certificates", "Authorize", "CA configuration"): roots (agent and server paths, blocking on the
 * roots table), the agent's leaf endpoint (blocking on the service's leaf; a non-blocking read
 * revalidates), {@code POST /v1/agent/connect/authorize} (L4 only: an L7 intention denies) and the
 * CA configuration ({@code GET/PUT /v1/connect/ca/configuration}, blocking on the roots table).
 * Thread-safe.
 */
public final class ConnectCaApi {
  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public ConnectCaApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.GET, "/v1/agent/connect/ca/roots", r -> roots(r, false));
    router.addAsync(HttpMethod.GET, "/v1/connect/ca/roots", r -> roots(r, true));
    Executor blocking = router.blocking();
    router.addAsync(HttpMethod.GET, "/v1/agent/connect/ca/leaf/:service", r -> leaf(r, blocking));
    router.add(HttpMethod.POST, "/v1/agent/connect/authorize", this::authorize);
    router.addAsync(HttpMethod.GET, "/v1/connect/ca/configuration", this::getConfiguration);
    router.addBlocking(HttpMethod.PUT, "/v1/connect/ca/configuration", this::putConfiguration);
  }

  private CompletableFuture<ApiResponse> getConfiguration(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:read", null);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(List.of(Table.CA_ROOTS)),
        () -> {
          CaState ca = ctx.store().snapshot().ca();
          return ApiResponse.json(ca.config().toWire(), ca.config().modifyIndex());
        },
        ctx.random());
  }

  /**
   * Replaces the CA configuration; a key change rotates the root with cross-signing (see {@link
   * CaConfigurator}; docs/consul-api.md, "CA configuration" and "Root rotation and cross-signing").
   * Returns an empty 200 like Consul.
   */
  private ApiResponse putConfiguration(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:write", null);
    JsonNode body = Json.read(r.body(), JsonNode.class);
    CaState ca = ctx.store().snapshot().ca();
    CaConfig defaults =
        CaConfig.defaults(ctx.config().leafCertTtl(), ctx.config().csrMaxPerSecond());
    try {
      CaConfig next =
          CaConfigParser.parse(
              body,
              defaults,
              ca.clusterId(),
              ctx.config().dev() || ctx.config().shortLeafCertTtlAllowed());
      ctx.caConfigurator().update(next);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw HttpError.badRequest("Invalid CA configuration: " + e.getMessage());
    }
    return ApiResponse.empty();
  }

  private CompletableFuture<ApiResponse> roots(ApiRequest r, boolean pemAllowed) {
    boolean pem = pemAllowed && r.flag("pem");
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(List.of(Table.CA_ROOTS)),
        () -> {
          StateSnapshot s = ctx.store().snapshot();
          CaState ca = s.ca();
          long index = s.indexOf(Table.CA_ROOTS);
          if (pem) {
            StringBuilder sb = new StringBuilder();
            for (CaRoot root : ca.roots()) {
              sb.append(root.rootCert());
            }
            return ApiResponse.raw(
                sb.toString().getBytes(StandardCharsets.US_ASCII),
                "application/pem-certificate-chain",
                index);
          }
          return ApiResponse.json(
              new CaRoots(ca.activeRootId(), ca.trustDomain(), ca.roots()), index);
        },
        ctx.random());
  }

  /**
   * An issuance (first read, renewal point passed, new signing key) may wait for a durable
   * serial-block reservation, a Raft write in a cluster that waits for a leader: it runs on {@code
   * blocking}, never on the HTTP event loop, whose other connections ({@code /v1/status/leader},
   * health) must keep being answered meanwhile. The blocking query itself only reads the cache.
   */
  private CompletableFuture<ApiResponse> leaf(ApiRequest r, Executor blocking) {
    String service = r.pathParam();
    try {
      ctx.leafCache().serviceUri(service);
    } catch (InvalidSpiffeIdException e) {
      throw HttpError.badRequest("Invalid service name '" + service + "': " + e.getMessage());
    } catch (IllegalStateException e) {
      throw new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
    ctx.acl().requireServiceWrite(r, service);
    if (ctx.leafCache().currentIfFresh(service) != null) {
      return leafQuery(r, service);
    }
    return CompletableFuture.supplyAsync(() -> issued(service), blocking)
        .thenComposeAsync(cert -> leafQuery(r, service), r.executor());
  }

  private IssuedCert issued(String service) {
    try {
      return ctx.leafCache().current(service);
    } catch (CsrRateLimitedException e) {
      throw new HttpError(HttpResponseStatus.TOO_MANY_REQUESTS, CsrRateLimiter.RATE_LIMITED);
    } catch (IllegalStateException e) {
      throw new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
  }

  private CompletableFuture<ApiResponse> leafQuery(ApiRequest r, String service) {
    IssuedCert held = ctx.leafCache().cachedIfValid(service);
    if (held != null && BlockingQuery.parse(r).index() > held.modifyIndex()) {
      // an index this server never handed out for the service: the client's leaf came from
      // another server (a leaf's index is its serial, drawn from per-server blocks, so indexes are
      // not comparable across servers). Parked, the query would wait until this server's serials
      // pass it, which may be never; answered now, the client sees the index go back and resets.
      return CompletableFuture.completedFuture(ApiResponse.json(held, held.modifyIndex()));
    }
    return BlockingQuery.run(
        r,
        () -> ctx.leafCache().watch(service),
        () -> {
          IssuedCert cert = ctx.leafCache().currentIfFresh(service);
          if (cert == null) {
            // due for renewal, and the renewal (its timer) is under way: the cached leaf is
            // still valid, so this is "no change yet" for a waiting reader
            cert = ctx.leafCache().cachedIfValid(service);
          }
          if (cert == null) {
            throw new HttpError(
                HttpResponseStatus.SERVICE_UNAVAILABLE,
                "no valid leaf certificate for " + service + " yet; retry");
          }
          return ApiResponse.json(cert, cert.modifyIndex());
        },
        ctx.random());
  }

  private ApiResponse authorize(ApiRequest r) {
    AuthorizeRequest req = Json.read(r.body(), AuthorizeRequest.class);
    if (req == null || req.target() == null || req.target().isEmpty()) {
      throw HttpError.badRequest("Target service must be specified");
    }
    ctx.acl().requireServiceWrite(r, req.target());
    SpiffeId uri;
    try {
      uri = SpiffeId.parse(req.clientCertUri());
    } catch (InvalidSpiffeIdException e) {
      throw HttpError.badRequest("ClientCertURI not a valid Connect identifier");
    }
    ServiceIdentity source;
    try {
      source = uri.asService();
    } catch (InvalidSpiffeIdException e) {
      throw HttpError.badRequest("ClientCertURI not a valid Service identifier");
    }
    if (!"default".equals(source.partition())) {
      return ApiResponse.json(
          new AuthorizeResponse(
              false, "Mismatched partitions: " + source.partition() + " != default"));
    }
    // Consul: the trust domain is deliberately not validated here (trust-domain migrations).
    StateSnapshot s = ctx.store().snapshot();
    IntentionMatcher matcher =
        new IntentionMatcher(
            req.target(),
            s.intentionsForDestination(req.target()),
            ctx.config().defaultIntentionPolicy().allows());
    IntentionDecision d = matcher.decide(source, false);
    return ApiResponse.json(new AuthorizeResponse(d.allowed(), d.reason()));
  }
}
