package io.nativemesh.server.internal.endpoints;

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
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.CaState;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Connect CA and authorization endpoints (Consul API §2.3): roots (agent and server paths, blocking
 * on the roots table), the agent's leaf endpoint (blocking on the service's leaf; a non-blocking read
 * revalidates), and {@code POST /v1/agent/connect/authorize} (L4 only: an L7 intention denies).
 * Thread-safe.
 */
public final class ConnectCaApi {
  private final ServerContext ctx;

  /** @param ctx shared components */
  public ConnectCaApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.GET, "/v1/agent/connect/ca/roots", r -> roots(r, false));
    router.addAsync(HttpMethod.GET, "/v1/connect/ca/roots", r -> roots(r, true));
    router.addAsync(HttpMethod.GET, "/v1/agent/connect/ca/leaf/:service", this::leaf);
    router.add(HttpMethod.POST, "/v1/agent/connect/authorize", this::authorize);
  }

  private CompletableFuture<ApiResponse> roots(ApiRequest r, boolean pemAllowed) {
    boolean pem = pemAllowed && r.flag("pem");
    return BlockingQuery.run(r, () -> ctx.store().watch(List.of(Table.CA_ROOTS)), () -> {
      StateSnapshot s = ctx.store().snapshot();
      CaState ca = s.ca();
      long index = s.indexOf(Table.CA_ROOTS);
      if (pem) {
        StringBuilder sb = new StringBuilder();
        for (CaRoot root : ca.roots()) {
          sb.append(root.rootCert());
        }
        return ApiResponse.raw(sb.toString().getBytes(StandardCharsets.US_ASCII), "application/pem-certificate-chain", index);
      }
      return ApiResponse.json(new CaRoots(ca.activeRootId(), ca.trustDomain(), ca.roots()), index);
    }, ctx.random());
  }

  private CompletableFuture<ApiResponse> leaf(ApiRequest r) {
    String service = r.pathParam();
    try {
      ctx.leafCache().serviceUri(service);
    } catch (InvalidSpiffeIdException e) {
      throw HttpError.badRequest("Invalid service name '" + service + "': " + e.getMessage());
    }
    return BlockingQuery.run(r, () -> ctx.leafCache().watch(service), () -> {
      IssuedCert cert = ctx.leafCache().current(service);
      return ApiResponse.json(cert, cert.modifyIndex());
    }, ctx.random());
  }

  private ApiResponse authorize(ApiRequest r) {
    AuthorizeRequest req = Json.read(r.body(), AuthorizeRequest.class);
    if (req == null || req.target() == null || req.target().isEmpty()) {
      throw HttpError.badRequest("Target service must be specified");
    }
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
      return ApiResponse.json(new AuthorizeResponse(false, "Mismatched partitions: " + source.partition() + " != default"));
    }
    // Consul: the trust domain is deliberately not validated here (trust-domain migrations).
    StateSnapshot s = ctx.store().snapshot();
    IntentionMatcher matcher = new IntentionMatcher(req.target(), s.intentionsForDestination(req.target()),
        ctx.config().defaultIntentionPolicy().allows());
    IntentionDecision d = matcher.decide(source, false);
    return ApiResponse.json(new AuthorizeResponse(d.allowed(), d.reason()));
  }
}
