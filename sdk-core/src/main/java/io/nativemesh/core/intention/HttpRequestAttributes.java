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
package io.nativemesh.core.intention;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What L7 intentions look at in an HTTP request: method, path (without query) and headers.
 * Immutable and thread-safe. Header names are case-insensitive.
 *
 * @param method HTTP method, e.g. {@code GET}
 * @param path request path, e.g. {@code /v1/orders}
 * @param headers header name to values
 * @since 0.1.0
 */
public record HttpRequestAttributes(String method, String path, Map<String, List<String>> headers) {

  /** Copies the headers into a case-insensitive map. */
  public HttpRequestAttributes {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    TreeMap<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((k, v) -> m.put(k, List.copyOf(v)));
    }
    headers = Collections.unmodifiableMap(m);
    method = method.toUpperCase(Locale.ROOT);
  }

  /**
   * @param name header name
   * @return the first value, or null if absent
   */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
