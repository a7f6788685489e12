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
package io.nativemesh.server.internal.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A parsed {@code ?filter=} expression (docs/consul-api.md, "Filter expressions"; a go-bexpr
 * subset) evaluated against the JSON form of each result row, so selectors are the wire field names
 * ({@code Service}, {@code Tags}, {@code Meta.env}, {@code Node.Node}, {@code Checks.Status},
 * {@code ServiceName}...).
 *
 * <p>Supported: {@code ==}, {@code !=}, {@code <value> in <selector>}, {@code <value> not in
 * <selector>}, {@code <selector> contains <value>}, {@code not contains}, {@code is empty}, {@code
 * is not empty}, {@code matches}, {@code not matches}, {@code and}, {@code or}, {@code not} and
 * parentheses. Values are double-quoted or back-quoted strings, or bare words/numbers. A selector
 * that crosses an array (e.g. {@code Checks.Status}) yields every element's value: {@code ==} and
 * {@code contains} then hold when any of them matches. Anything else is rejected with 400 {@code
 * Failed to create boolean expression evaluator: …}. Immutable and thread-safe.
 *
 * <p>The grammar is hand-written ({@link FilterParser}) because it is go-bexpr's, which has no Java
 * implementation: an expression language (SpEL, JEXL, MVEL) would accept other syntax and give
 * other answers (selectors across arrays, {@code is empty}, Consul's error text), and a parser
 * generator would add a build step and a runtime for a grammar of a dozen rules.
 */
public final class Filter {
  private final Expr root;

  Filter(Expr root) {
    this.root = root;
  }

  /**
   * @param expression the expression
   * @return the parsed filter
   * @throws HttpError 400 on syntax this server does not support
   */
  public static Filter parse(String expression) {
    try {
      return new Filter(new FilterParser(expression).parseAll());
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(
          "Failed to create boolean expression evaluator: " + e.getMessage());
    }
  }

  /**
   * @param request a request
   * @return its {@code ?filter=}, or null when absent or empty
   */
  public static Filter of(ApiRequest request) {
    String f = request.query("filter");
    return f == null || f.isBlank() ? null : parse(f);
  }

  /**
   * @param row a row as JSON
   * @return whether it matches
   */
  public boolean matches(JsonNode row) {
    return root.eval(row);
  }

  /**
   * @param rows result rows
   * @param <T> row type
   * @return the rows whose JSON form matches
   */
  public <T> List<T> apply(List<T> rows) {
    return apply(rows, Function.identity());
  }

  /**
   * @param rows result rows
   * @param wire how a row is sent (the filter sees that form)
   * @param <T> row type
   * @return the matching rows
   */
  public <T> List<T> apply(List<T> rows, Function<T, ?> wire) {
    List<T> out = new ArrayList<>();
    for (T r : rows) {
      if (matches(Json.tree(wire.apply(r)))) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * @param filter a filter or null (keep everything)
   * @param rows map values are filtered, keys kept with their values
   * @param <V> value type
   * @return the entries whose value matches, in iteration order
   */
  public static <V> Map<String, V> applyToValues(Filter filter, Map<String, V> rows) {
    if (filter == null) {
      return rows;
    }
    Map<String, V> out = new LinkedHashMap<>();
    rows.forEach(
        (k, v) -> {
          if (filter.matches(Json.tree(v))) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** A node of the expression tree. */
  interface Expr {
    boolean eval(JsonNode row);
  }
}
