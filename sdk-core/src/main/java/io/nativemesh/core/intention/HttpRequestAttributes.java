package io.nativemesh.core.intention;

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
    headers = java.util.Collections.unmodifiableMap(m);
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
