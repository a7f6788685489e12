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
package io.nativemesh.server;

import io.nativemesh.core.InvalidConfigurationException;
import java.util.Locale;

/**
 * The decision when no intention matches (Consul API: {@code default_intention_policy}, sent to
 * clients as {@code X-Consul-Default-ACL-Policy}). Dev mode defaults to {@link #ALLOW}, production
 * to {@link #DENY}.
 *
 * @since 0.1.0
 */
public enum DefaultIntentionPolicy {
  /** Connections without a matching intention are allowed. */
  ALLOW,
  /** Connections without a matching intention are denied. */
  DENY;

  /**
   * @return {@code "allow"} or {@code "deny"}, the wire form
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @return true for {@link #ALLOW}
   */
  public boolean allows() {
    return this == ALLOW;
  }

  /**
   * @param value {@code allow} or {@code deny} (case-insensitive)
   * @return the policy
   * @throws InvalidConfigurationException naming the value otherwise
   */
  public static DefaultIntentionPolicy parse(String value) {
    if (value != null) {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "allow":
          return ALLOW;
        case "deny":
          return DENY;
        default:
          break;
      }
    }
    throw new InvalidConfigurationException(
        "invalid default intention policy '" + value + "': must be 'allow' or 'deny'");
  }
}
