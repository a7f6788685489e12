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

import io.nativemesh.core.model.Intention;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.IntentionIdInUseException;
import io.nativemesh.server.internal.state.IntentionWrite;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The deprecated ID-based intention endpoints (docs/consul-api.md, "Intention IDs"; Consul's {@code
 * agent/intentions_endpoint.go}):
 *
 * <ul>
 *   <li>{@code POST /v1/connect/intentions}: body {@code {SourceName, DestinationName, SourceType,
 *       Action | Permissions, Description, Meta}} → {@code {"ID": "<uuid>"}}; 409 {@code duplicate
 *       intention found: …} when the pair already has an intention.
 *   <li>{@code GET /v1/connect/intentions/:uuid} → the intention (with {@code X-Consul-Index}); 404
 *       {@code Intention not found}.
 *   <li>{@code PUT /v1/connect/intentions/:uuid}: same body, may move the intention to another
 *       pair; ID, {@code CreatedAt} and {@code CreateIndex} stay → {@code {"ID": "<uuid>"}}; 404
 *       for an unknown ID, 409 when the new pair belongs to another intention.
 *   <li>{@code DELETE /v1/connect/intentions/:uuid} → {@code true}; 404 for an unknown ID.
 * </ul>
 *
 * A malformed UUID is a 400. The store is the one the exact endpoints and the {@code
 * service-intentions} config entry use, so an ID survives updates through any of them and a restart
 * (it is part of the logged command). ACLs: {@code intentions:write} to write (on the old and the
 * new destination), {@code intentions:read} on the destination to read. Thread-safe.
 */
public final class IntentionIdApi {
  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public IntentionIdApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.POST, "/v1/connect/intentions", this::create);
    router.add(HttpMethod.GET, "/v1/connect/intentions/:intention_id", this::get);
    router.addAsync(HttpMethod.PUT, "/v1/connect/intentions/:intention_id", this::update);
    router.addAsync(HttpMethod.DELETE, "/v1/connect/intentions/:intention_id", this::delete);
  }

  private static Intention body(ApiRequest r) {
    Intention body = Json.read(r.body(), Intention.class);
    IntentionValidator.names(body);
    return body;
  }

  private static HttpError duplicate(Intention existing) {
    return new HttpError(
        HttpResponseStatus.CONFLICT,
        "duplicate intention found: "
            + existing.sourceName()
            + " => "
            + existing.destinationName()
            + " (ID: "
            + existing.id()
            + ", Precedence: "
            + existing.precedence()
            + ")");
  }

  /**
   * Submits an intention write; an ID clash ({@link IntentionIdInUseException}) fails the future
   * with a 409 {@link HttpError} instead of an internal error.
   *
   * @param ctx shared components
   * @param c the command
   * @param <R> the command's result type
   * @return the applied command
   */
  static <R> CompletableFuture<StateStore.Applied<R>> submitIntentionWrite(
      ServerContext ctx, Command<R> c) {
    return ctx.store()
        .submit(c)
        .exceptionallyCompose(
            e -> {
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              return CompletableFuture.failedFuture(
                  cause instanceof IntentionIdInUseException
                      ? new HttpError(HttpResponseStatus.CONFLICT, cause.getMessage())
                      : cause);
            });
  }

  /** Answers {@code {"ID": id}} once the write is durable, or the duplicate/not-found error. */
  private CompletableFuture<ApiResponse> write(Command<IntentionWrite> c, String id) {
    return submitIntentionWrite(ctx, c)
        .thenApply(
            a -> {
              IntentionWrite w = a.result();
              return switch (w.outcome()) {
                case WRITTEN -> ApiResponse.json(Map.of("ID", id));
                case PAIR_TAKEN -> throw duplicate(w.intention());
                case NOT_FOUND ->
                    throw HttpError.notFound("Cannot modify non-existent intention: '" + id + "'");
              };
            });
  }

  private CompletableFuture<ApiResponse> create(ApiRequest r) {
    Intention body = body(r);
    ctx.acl().requireRule(r, "intentions:write", body.destinationName());
    if (body.id() != null && !body.id().isEmpty()) {
      throw HttpError.badRequest("ID must be empty when creating a new intention");
    }
    IntentionValidator.body(body, body.destinationName());
    ServiceProtocol.check(ctx.store().snapshot(), body, body.destinationName());
    String id = RootGenerator.randomUuid(ctx.random());
    return write(
        new Command.CreateIntention(
            body.sourceName(),
            body.destinationName(),
            IntentionValidator.action(body),
            IntentionValidator.permissions(body),
            body.description(),
            body.meta(),
            id,
            ctx.config().clock().instant()),
        id);
  }

  private ApiResponse get(ApiRequest r) {
    String id = IntentionValidator.id(r.pathParam());
    StateSnapshot s = ctx.store().snapshot();
    Intention i = s.intentionById(id);
    if (i == null) {
      throw HttpError.notFound("Intention not found");
    }
    ctx.acl().requireIntentionRead(r, i.destinationName());
    return ApiResponse.json(i, s.indexOf(Table.INTENTIONS));
  }

  private CompletableFuture<ApiResponse> update(ApiRequest r) {
    String id = IntentionValidator.id(r.pathParam());
    Intention body = body(r);
    ctx.acl().requireRule(r, "intentions:write", body.destinationName());
    Intention old = ctx.store().snapshot().intentionById(id);
    if (old != null) {
      ctx.acl().requireRule(r, "intentions:write", old.destinationName());
    }
    IntentionValidator.body(body, body.destinationName());
    ServiceProtocol.check(ctx.store().snapshot(), body, body.destinationName());
    return write(
        new Command.UpdateIntention(
            id,
            body.sourceName(),
            body.destinationName(),
            IntentionValidator.action(body),
            IntentionValidator.permissions(body),
            body.description(),
            body.meta(),
            ctx.config().clock().instant()),
        id);
  }

  private CompletableFuture<ApiResponse> delete(ApiRequest r) {
    String id = IntentionValidator.id(r.pathParam());
    Intention old = ctx.store().snapshot().intentionById(id);
    ctx.acl().requireRule(r, "intentions:write", old == null ? null : old.destinationName());
    return ctx.store()
        .submit(new Command.DeleteIntentionById(id))
        .thenApply(
            a -> {
              if (!a.result()) {
                throw HttpError.notFound("Cannot delete non-existent intention: '" + id + "'");
              }
              return ApiResponse.json(Boolean.TRUE);
            });
  }
}
