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

import com.fasterxml.jackson.annotation.JsonValue;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.KvEntry;
import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** KV wire forms and key validation (docs/consul-api.md, "KV store"). Stateless and thread-safe. */
final class KvWire {
  /** Consul's default {@code kv_max_value_size}: 512 KiB. */
  static final int MAX_VALUE_BYTES = 512 * 1024;

  /** Longest accepted key, bytes of UTF-16 code units. */
  static final int MAX_KEY_LENGTH = 4096;

  private KvWire() {}

  /**
   * Consul: {@code structs.DirEntry} JSON — {@code LockIndex, Key, Flags, Value (base64 or null),
   * Session (omitted when empty), CreateIndex, ModifyIndex}.
   *
   * @param e the entry
   * @param withValue false to send {@code Value: null} (txn results of write verbs)
   * @return the JSON object
   */
  static Map<String, Object> entry(KvEntry e, boolean withValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("LockIndex", e.lockIndex());
    m.put("Key", e.key());
    m.put("Flags", unsigned(e.flags()));
    m.put(
        "Value",
        withValue && e.value() != null
            ? Base64.getEncoder().encodeToString(e.value())
            : NullValue.INSTANCE);
    if (e.session() != null) {
      m.put("Session", e.session());
    }
    m.put("CreateIndex", e.createIndex());
    m.put("ModifyIndex", e.modifyIndex());
    return m;
  }

  /** Serializes as JSON {@code null} although the writer omits null map values. */
  enum NullValue {
    INSTANCE;

    @JsonValue
    Object json() {
      return null;
    }
  }

  /**
   * Rejects keys that are path tricks rather than names: {@code .} or {@code ..} segments, empty
   * segments other than a trailing {@code /} (folder keys), a leading {@code /}, control
   * characters, and keys longer than {@value #MAX_KEY_LENGTH}. Consul stores such keys verbatim;
   * refusing them keeps them from being mistaken for paths by tools that mirror KV into files.
   *
   * @param key the decoded key
   * @throws HttpError 400 naming the problem
   */
  static void validateKey(String key) {
    if (key.length() > MAX_KEY_LENGTH) {
      throw HttpError.badRequest("Invalid key: longer than " + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw HttpError.badRequest("Invalid key: control character at position " + i);
      }
    }
    if (key.startsWith("/")) {
      throw HttpError.badRequest("Invalid key '" + key + "': empty first segment (leading '/')");
    }
    String[] segs = key.split("/", -1);
    for (int i = 0; i < segs.length; i++) {
      String s = segs[i];
      if (s.equals(".") || s.equals("..")) {
        throw HttpError.badRequest(
            "Invalid key '" + key + "': '" + s + "' segments are not allowed");
      }
      if (s.isEmpty() && i < segs.length - 1) {
        throw HttpError.badRequest("Invalid key '" + key + "': empty segment ('//')");
      }
    }
  }

  /**
   * Consul's {@code Flags} is a {@code uint64}: the stored {@code long} holds its bits.
   *
   * @param bits the stored flags
   * @return a JSON number, 0..18446744073709551615
   */
  static Number unsigned(long bits) {
    return bits >= 0 ? (Number) bits : new BigInteger(Long.toUnsignedString(bits));
  }

  /**
   * @param r the request
   * @param name a query parameter holding a {@code uint64} (Consul: {@code ?flags=})
   * @return its 64 bits (values above 2^63−1 negative, read back with {@link #unsigned}), 0 when
   *     absent
   * @throws HttpError 400 when not an unsigned 64-bit number
   */
  static long uint64Param(ApiRequest r, String name) {
    String v = r.query(name);
    if (v == null) {
      return 0;
    }
    try {
      return Long.parseUnsignedLong(v);
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("Invalid " + name + " value: '" + v + "'");
    }
  }

  /**
   * @param r the request
   * @param name a query parameter
   * @return the unsigned 64-bit value, or -1 when absent
   * @throws HttpError 400 when not a number
   */
  static long uintParam(ApiRequest r, String name) {
    String v = r.query(name);
    if (v == null) {
      return -1;
    }
    try {
      long x = Long.parseUnsignedLong(v);
      return x < 0 ? Long.MAX_VALUE : x;
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("Invalid " + name + " value: '" + v + "'");
    }
  }
}
