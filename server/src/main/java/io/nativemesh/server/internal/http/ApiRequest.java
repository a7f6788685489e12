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

import io.nativemesh.server.internal.state.Watch;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A decoded API request: method, decoded path, query parameters, headers, the body, the path
 * parameter of prefix routes and the connection's event loop (for timers). Immutable but for the
 * ACL checks it passed ({@link #recordAuthCheck}), which a parked blocking query re-runs when it
 * wakes up; confined to the connection's event loop (the check list is synchronized all the same).
 */
public final class ApiRequest {
  private final HttpMethod method;
  private final String path;
  private final Map<String, List<String>> query;
  private final HttpHeaders headers;
  private final byte[] body;
  private final String pathParam;
  private final EventExecutor executor;
  private final List<Runnable> authChecks = new ArrayList<>(1);
  private volatile Supplier<Watch> authWatch;

  /**
   * @param method HTTP method
   * @param path decoded path
   * @param query decoded query parameters ({@code ?flag} maps to {@code [""]})
   * @param headers request headers
   * @param body body bytes (empty when none)
   * @param pathParam the remainder after a prefix route, or null
   * @param executor the connection's event loop
   */
  public ApiRequest(
      HttpMethod method,
      String path,
      Map<String, List<String>> query,
      HttpHeaders headers,
      byte[] body,
      String pathParam,
      EventExecutor executor) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.pathParam = pathParam;
    this.executor = executor;
  }

  /**
   * @return the HTTP method
   */
  public HttpMethod method() {
    return method;
  }

  /**
   * @return the decoded path
   */
  public String path() {
    return path;
  }

  /**
   * @return request headers
   */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * @return the body, empty when none
   */
  public byte[] body() {
    return body;
  }

  /**
   * @return the path remainder of a prefix route ({@code :service} etc.)
   */
  public String pathParam() {
    return pathParam;
  }

  /**
   * @return the connection's event loop
   */
  public EventExecutor executor() {
    return executor;
  }

  /**
   * @param name parameter name
   * @return true if present, with or without a value
   */
  public boolean has(String name) {
    return query.containsKey(name);
  }

  /**
   * @param name parameter name
   * @return the first value, {@code ""} for a bare flag, null when absent
   */
  public String query(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * @param name parameter name
   * @return every value (repeatable parameters), empty when absent
   */
  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  /**
   * @param name parameter name
   * @return the non-empty value
   * @throws HttpError 400 {@code required query parameter '<name>' not set} (Consul's wording)
   */
  public String requiredQuery(String name) {
    String v = query(name);
    if (v == null || v.isEmpty()) {
      throw HttpError.badRequest("required query parameter '" + name + "' not set");
    }
    return v;
  }

  /**
   * A boolean flag the way Consul reads {@code ?passing}: absent → false; bare or empty → true;
   * otherwise Go's {@code strconv.ParseBool} ({@code 1 t T TRUE true True 0 f F FALSE false
   * False}).
   *
   * @param name parameter name
   * @return the flag value
   * @throws HttpError 400 {@code Invalid value for ?<name>} for anything else
   */
  public boolean flag(String name) {
    String v = query(name);
    if (v == null) {
      return false;
    }
    return switch (v) {
      case "", "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw HttpError.badRequest("Invalid value for ?" + name + ": '" + v + "'");
    };
  }

  /**
   * Records an ACL check this request passed, so that a blocking query parked on its behalf can
   * re-authorize before answering (issue 18: a revoked token must not keep receiving data).
   *
   * @param check re-runs the check; throws {@link HttpError} 403 when it no longer passes
   * @param watch parks a watcher on the ACL tables (token, policy and role changes)
   */
  public void recordAuthCheck(Runnable check, Supplier<Watch> watch) {
    synchronized (authChecks) {
      authChecks.add(check);
    }
    this.authWatch = watch;
  }

  /**
   * Re-runs every recorded ACL check.
   *
   * @throws HttpError 403 when one no longer passes
   */
  public void reauthorize() {
    List<Runnable> checks;
    synchronized (authChecks) {
      checks = List.copyOf(authChecks);
    }
    for (Runnable c : checks) {
      c.run();
    }
  }

  /**
   * @return parks a watcher on the ACL tables, or null when no ACL check was recorded
   */
  public Supplier<Watch> authWatch() {
    return authWatch;
  }
}
