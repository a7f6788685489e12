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
package io.nativemesh.vertx;

import io.nativemesh.MeshService;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.intention.HttpRequestAttributes;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.tls.RequestAuthorizer;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.UserContextInternal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A vertx-web handler that authorizes every request against the service's intentions, L7
 * permissions included (method, path, headers; Consul's {@code service-intentions} config entry),
 * with the caller's SPIFFE identity from the TLS session. Install it first on a router served with
 * {@link VertxMesh#httpServerOptions()}, and build the service with {@code
 * l7EnforcedPerRequest(true)} so that callers allowed by L7 permissions only get past the
 * handshake.
 *
 * <ul>
 *   <li>Denied: {@code 403}, {@code text/plain}, body {@code 403 <reason>} where the reason names
 *       the deciding intention and permission (or the default policy); the route stops there.
 *   <li>Allowed: the caller's {@link ServiceIdentity} is put on the context under {@link
 *       #PEER_IDENTITY} (read it with {@link #peerIdentity(RoutingContext)}), the context's {@link
 *       User} becomes the caller (principal {@code {"sub": <SPIFFE ID>, "service": <name>,
 *       "namespace", "datacenter", "partition"}}) for vertx-auth authorization handlers, and the
 *       next handler runs.
 *   <li>No mesh TLS session (plain HTTP, no client certificate): {@code 403}; never a silent pass.
 * </ul>
 *
 * Evaluation reads in-memory intentions only (no I/O on the event loop). Because it runs per
 * request, an intention change applies at once to pooled and resumed connections. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshAuthorizationHandler implements Handler<RoutingContext> {
  /** Context key of the caller's {@link ServiceIdentity}. */
  public static final String PEER_IDENTITY = "nativemesh.peerIdentity";

  private final RequestAuthorizer authorizer;

  private MeshAuthorizationHandler(RequestAuthorizer authorizer) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
  }

  /**
   * @param mesh the Vert.x mesh
   * @return a handler over its service's request authorizer
   */
  public static MeshAuthorizationHandler create(VertxMesh mesh) {
    return create(mesh.meshService());
  }

  /**
   * @param mesh the mesh service
   * @return a handler over its request authorizer
   */
  public static MeshAuthorizationHandler create(MeshService mesh) {
    return new MeshAuthorizationHandler(mesh.requestAuthorizer());
  }

  /**
   * @param ctx a routing context that went through this handler
   * @return the caller's identity, or null if the handler did not run on this request
   */
  public static ServiceIdentity peerIdentity(RoutingContext ctx) {
    return ctx.get(PEER_IDENTITY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    SSLSession session = req.sslSession();
    ServiceIdentity peer;
    try {
      if (session == null) {
        throw new SSLPeerUnverifiedException("not a TLS connection");
      }
      peer = MeshService.peerIdentity(session);
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      deny(ctx, "no mesh identity: " + e.getMessage());
      return;
    }
    IntentionDecision d =
        authorizer.authorize(
            peer,
            new HttpRequestAttributes(req.method().name(), req.path(), headers(req.headers())));
    if (!d.allowed()) {
      deny(ctx, d.reason());
      return;
    }
    ctx.put(PEER_IDENTITY, peer);
    if (ctx.userContext() instanceof UserContextInternal users) {
      users.setUser(user(peer));
    }
    ctx.next();
  }

  /**
   * @param peer a caller's identity
   * @return it as a vertx-auth user: principal {@code sub} (the SPIFFE ID), {@code service}, {@code
   *     namespace}, {@code datacenter}, {@code partition}
   */
  public static User user(ServiceIdentity peer) {
    return User.create(
        new JsonObject()
            .put("sub", peer.spiffeId().toString())
            .put("username", peer.spiffeId().toString())
            .put("service", peer.service())
            .put("namespace", peer.namespace())
            .put("datacenter", peer.datacenter())
            .put("partition", peer.partition()));
  }

  private static void deny(RoutingContext ctx, String reason) {
    ctx.response()
        .setStatusCode(403)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("403 " + reason);
  }

  private static Map<String, List<String>> headers(MultiMap m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : m.names()) {
      out.put(name, m.getAll(name));
    }
    return out;
  }
}
