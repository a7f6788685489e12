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
package io.nativemesh.server.internal.acl;

import java.util.Locale;

/**
 * A policy disposition in Consul's rules language ({@code policy = "read"}). When several rules for
 * the same resource are merged, {@link #DENY} wins, then {@link #WRITE}, then {@link #LIST}, then
 * {@link #READ} (Consul: {@code takesPrecedenceOver}).
 */
public enum Access {
  /** Read access. */
  READ,
  /** Read plus listing (Consul: valid for {@code key} rules only). */
  LIST,
  /** Read, list and write. */
  WRITE,
  /** Nothing, overriding any grant of the same resource. */
  DENY;

  /**
   * @param need the access a request needs ({@link #READ}, {@link #LIST} or {@link #WRITE})
   * @return whether a rule with this disposition grants it
   */
  public boolean grants(Access need) {
    return switch (this) {
      case DENY -> false;
      case WRITE -> true;
      case LIST -> need != WRITE;
      case READ -> need == READ;
    };
  }

  /**
   * @param other another disposition for the same resource
   * @return the one that wins when both appear
   */
  Access merge(Access other) {
    if (other == null) {
      return this;
    }
    return rank(this) >= rank(other) ? this : other;
  }

  private static int rank(Access a) {
    return switch (a) {
      case DENY -> 3;
      case WRITE -> 2;
      case LIST -> 1;
      case READ -> 0;
    };
  }

  /**
   * @param text {@code read}, {@code list}, {@code write} or {@code deny}
   * @return the disposition
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static Access parse(String text) {
    if (text != null) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "read":
          return READ;
        case "list":
          return LIST;
        case "write":
          return WRITE;
        case "deny":
          return DENY;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("Invalid policy: " + text);
  }

  /**
   * @return Consul's spelling, e.g. {@code read}
   */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
