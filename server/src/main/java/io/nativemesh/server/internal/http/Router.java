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
package io.nativemesh.server.internal.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Maps (method, path) to handlers. Patterns are exact ({@code /v1/agent/services}) or end in a
 * parameter ({@code /v1/agent/service/deregister/:service_id}) that captures the rest of the path.
 * Exact patterns win over parameter patterns, and a longer parameter prefix over a shorter one
 * (Consul's mux: a known path with the wrong method is a 405). Built once at startup, then
 * read-only and thread-safe.
 */
public final class Router {
  private final Executor blocking;

  /**
   * @param blocking runs the handlers added with {@link #addBlocking} (they wait for a durable
   *     write), so that no HTTP event loop ever waits for an fsync
   */
  public Router(Executor blocking) {
    this.blocking = blocking;
  }

  /**
   * @return the executor of the {@link #addBlocking} handlers, for an asynchronous handler that
   *     must do part of its work off the event loop
   */
  public Executor blocking() {
    return blocking;
  }

  /** An asynchronous handler; blocking queries complete later. */
  @FunctionalInterface
  public interface Handler {
    /**
     * @param request the request
     * @return the response stage
     * @throws HttpError for bad input
     */
    CompletionStage<ApiResponse> handle(ApiRequest request);
  }

  /** A handler that answers immediately. */
  @FunctionalInterface
  public interface SyncHandler {
    /**
     * @param request the request
     * @return the response
     * @throws HttpError for bad input
     */
    ApiResponse handle(ApiRequest request);
  }

  private record Route(
      HttpMethod method, String prefix, boolean exact, String paramName, Handler handler) {
    boolean matches(String path) {
      return exact ? path.equals(prefix) : path.startsWith(prefix);
    }
  }

  /**
   * The routing outcome.
   *
   * @param handler the handler, null when none matched the method (or the path)
   * @param allowed methods registered for the path (empty: unknown path → 404; else 405)
   * @param param the path parameter value, or null
   * @param paramName the path parameter name (for "Missing ..." errors), or null
   */
  public record Match(Handler handler, Set<HttpMethod> allowed, String param, String paramName) {}

  private final List<Route> routes = new ArrayList<>();

  /**
   * @param method HTTP method
   * @param pattern exact path, or a path ending in {@code /:name}
   * @param handler the asynchronous handler
   * @return this
   */
  public Router addAsync(HttpMethod method, String pattern, Handler handler) {
    int colon = pattern.lastIndexOf("/:");
    if (colon >= 0) {
      routes.add(
          new Route(
              method,
              pattern.substring(0, colon + 1),
              false,
              pattern.substring(colon + 2),
              handler));
    } else {
      routes.add(new Route(method, pattern, true, null, handler));
    }
    return this;
  }

  /**
   * @param method HTTP method
   * @param pattern exact path, or a path ending in {@code /:name}
   * @param handler the synchronous handler
   * @return this
   */
  public Router add(HttpMethod method, String pattern, SyncHandler handler) {
    return addAsync(method, pattern, r -> CompletableFuture.completedFuture(handler.handle(r)));
  }

  /**
   * For a handler that waits for a durable write ({@code StateStore.apply}): it runs on the
   * blocking executor instead of the event loop, so a write waiting for its fsync does not stall
   * the other connections of that loop, and concurrent writes from one loop can share an fsync
   * (group commit). An {@link HttpError} it throws still becomes its 4xx response.
   *
   * @param method HTTP method
   * @param pattern exact path, or a path ending in {@code /:name}
   * @param handler the synchronous handler
   * @return this
   */
  public Router addBlocking(HttpMethod method, String pattern, SyncHandler handler) {
    return addAsync(
        method, pattern, r -> CompletableFuture.supplyAsync(() -> handler.handle(r), blocking));
  }

  /**
   * @param method request method
   * @param path decoded request path
   * @return the match (see {@link Match})
   */
  public Match match(HttpMethod method, String path) {
    for (boolean exactPass : new boolean[] {true, false}) {
      // among parameter patterns the longest matching prefix wins, whatever its method: GET
      // /v1/agent/service/deregister/x is a wrong method (405) on .../deregister/:id, not a read of
      // the service "deregister/x" through /v1/agent/service/:id
      int longest = -1;
      for (Route r : routes) {
        if (r.exact() == exactPass && r.matches(path)) {
          longest = Math.max(longest, r.prefix().length());
        }
      }
      Set<HttpMethod> allowed = new LinkedHashSet<>();
      Route hit = null;
      for (Route r : routes) {
        if (r.exact() == exactPass && r.matches(path) && r.prefix().length() == longest) {
          allowed.add(r.method());
          if (r.method().equals(method)) {
            hit = r;
          }
        }
      }
      if (!allowed.isEmpty()) {
        String param = hit == null || hit.exact() ? null : path.substring(hit.prefix().length());
        return new Match(
            hit == null ? null : hit.handler(),
            allowed,
            param,
            hit == null ? null : hit.paramName());
      }
    }
    return new Match(null, Set.of(), null, null);
  }
}
