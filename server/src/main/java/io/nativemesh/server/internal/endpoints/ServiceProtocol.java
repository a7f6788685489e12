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
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.ConfigEntry;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A service's protocol as Consul derives it from config entries: the {@code service-defaults}
 * entry's {@code Protocol}, else the {@code proxy-defaults} {@code global} entry's {@code
 * Config.protocol}, else {@code tcp}. L7 intention permissions need an HTTP-based protocol ({@code
 * http}, {@code http2}, {@code grpc}), as in Consul, so both writing an L7 intention to a TCP
 * destination and turning a destination with L7 intentions back to TCP are refused. Stateless.
 */
final class ServiceProtocol {
  /** Protocols Consul accepts in {@code service-defaults} and {@code proxy-defaults}. */
  static final Set<String> KNOWN = Set.of("tcp", "http", "http2", "grpc");

  private static final Set<String> HTTP_LIKE = Set.of("http", "http2", "grpc");

  private ServiceProtocol() {}

  /**
   * @param s the state
   * @param service a service name
   * @return its protocol, lower case
   */
  static String of(StateSnapshot s, String service) {
    ConfigEntry sd = s.configEntries().get(ConfigEntry.key("service-defaults", service));
    String p = sd == null ? null : string(sd.body(), "Protocol");
    if (p == null || p.isEmpty()) {
      ConfigEntry pd = s.configEntries().get(ConfigEntry.key("proxy-defaults", "global"));
      Object config = pd == null ? null : field(pd.body(), "Config");
      p = config instanceof Map<?, ?> m ? string(m, "protocol") : null;
    }
    return p == null || p.isEmpty() ? "tcp" : p.toLowerCase(Locale.ROOT);
  }

  /**
   * @param s the state
   * @param destination an intention destination with L7 permissions
   * @throws HttpError 400 when its protocol is not HTTP-based
   */
  static void requireL7(StateSnapshot s, String destination) {
    String p = of(s, destination);
    if (!HTTP_LIKE.contains(p)) {
      throw HttpError.badRequest(
          "Invalid intention: L7 Permissions need destination \""
              + destination
              + "\" to use an HTTP-based protocol (http, http2 or grpc, set by its"
              + " service-defaults config entry); it uses \""
              + p
              + "\"");
    }
  }

  /**
   * @param s the state
   * @param body an intention body about to be written
   * @param destination its destination
   * @throws HttpError 400 when it carries L7 permissions and the destination is not HTTP-based
   */
  static void check(StateSnapshot s, Intention body, String destination) {
    if (body != null && body.permissions() != null && !body.permissions().isEmpty()) {
      requireL7(s, destination);
    }
  }

  /**
   * @param m a JSON object
   * @param name a field name, matched ignoring case as Go's encoding/json does
   * @return its value or null
   */
  static Object field(Map<?, ?> m, String name) {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (String.valueOf(e.getKey()).equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String string(Map<?, ?> m, String name) {
    Object v = field(m, name);
    return v instanceof String str ? str : null;
  }
}
