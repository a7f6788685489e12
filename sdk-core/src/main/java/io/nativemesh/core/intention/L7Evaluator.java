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

import io.nativemesh.core.model.IntentionHeaderPermission;
import io.nativemesh.core.model.IntentionHttpPermission;
import io.nativemesh.core.model.IntentionPermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Matches L7 intention permissions against a request (Consul: {@code service-intentions} {@code
 * Permissions}, evaluated top-down, first match wins). Path: exact, prefix, or a full regular
 * expression match; methods: any of the list; headers: every condition must hold ({@code Invert}
 * negates one). An invalid regular expression never matches (fail closed). Thread-safe.
 */
final class L7Evaluator {
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private L7Evaluator() {}

  /**
   * @param permissions the intention's permissions
   * @param request the request
   * @return the first matching permission, or null
   */
  static IntentionPermission firstMatch(
      List<IntentionPermission> permissions, HttpRequestAttributes request) {
    for (IntentionPermission p : permissions) {
      if (matches(p.http(), request)) {
        return p;
      }
    }
    return null;
  }

  private static boolean matches(IntentionHttpPermission h, HttpRequestAttributes r) {
    if (h == null) {
      return true;
    }
    if (h.pathExact() != null && !h.pathExact().equals(r.path())) {
      return false;
    }
    if (h.pathPrefix() != null && !r.path().startsWith(h.pathPrefix())) {
      return false;
    }
    if (h.pathRegex() != null && !regex(h.pathRegex(), r.path())) {
      return false;
    }
    if (h.methods() != null
        && !h.methods().isEmpty()
        && h.methods().stream().noneMatch(m -> m.equalsIgnoreCase(r.method()))) {
      return false;
    }
    if (h.header() != null) {
      for (IntentionHeaderPermission c : h.header()) {
        if (!header(c, r)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean header(IntentionHeaderPermission c, HttpRequestAttributes r) {
    String v = r.header(c.name());
    boolean m;
    if (Boolean.TRUE.equals(c.present())) {
      m = v != null;
    } else if (c.exact() != null) {
      m = c.exact().equals(v);
    } else if (c.prefix() != null) {
      m = v != null && v.startsWith(c.prefix());
    } else if (c.suffix() != null) {
      m = v != null && v.endsWith(c.suffix());
    } else if (c.regex() != null) {
      m = v != null && regex(c.regex(), v);
    } else {
      m = v != null;
    }
    return Boolean.TRUE.equals(c.invert()) != m;
  }

  private static boolean regex(String re, String value) {
    Pattern p =
        PATTERNS.computeIfAbsent(
            re,
            k -> {
              try {
                return Pattern.compile(k);
              } catch (PatternSyntaxException e) {
                return null;
              }
            });
    return p != null && p.matcher(value).matches();
  }
}
