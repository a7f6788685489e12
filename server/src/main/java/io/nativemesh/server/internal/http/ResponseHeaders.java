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

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * The headers Consul puts on every response (docs/consul-api.md, "Response headers"). Immutable and
 * thread-safe.
 *
 * @param defaultAclPolicy {@code allow} or {@code deny}: Consul sends its ACL default policy, which
 *     clients also use as the default intention decision; we send the configured default intention
 *     policy
 * @param leader cluster mode: where {@code X-Consul-KnownLeader} and {@code X-Consul-LastContact}
 *     come from, read when each response is written (success or error, blocking or not); null for a
 *     single server, which is its own leader
 */
public record ResponseHeaders(String defaultAclPolicy, ReadGate leader) {
  /** {@code X-Consul-Index}. */
  public static final String INDEX = "X-Consul-Index";

  // AsciiString names and values are copied to the wire as bytes, without a per-char encode
  private static final AsciiString INDEX_NAME = AsciiString.cached(INDEX);
  private static final AsciiString KNOWN_LEADER = AsciiString.cached("X-Consul-KnownLeader");
  private static final AsciiString LAST_CONTACT = AsciiString.cached("X-Consul-LastContact");
  private static final AsciiString DEFAULT_ACL_POLICY =
      AsciiString.cached("X-Consul-Default-ACL-Policy");
  private static final AsciiString TRUE = AsciiString.cached("true");
  private static final AsciiString ZERO = AsciiString.cached("0");

  /**
   * A single server's headers: it is always its own leader.
   *
   * @param defaultAclPolicy {@code allow} or {@code deny}
   */
  public ResponseHeaders(String defaultAclPolicy) {
    this(defaultAclPolicy, null);
  }

  /**
   * Adds {@code X-Consul-KnownLeader} and {@code X-Consul-LastContact} — {@code true} and {@code 0}
   * on a single server (it is the leader), as this server knows them now in cluster mode (Consul
   * API: both must be truthful on every response) — and {@code X-Consul-Default-ACL-Policy}.
   *
   * @param headers the response headers
   */
  public void apply(HttpHeaders headers) {
    if (leader == null) {
      headers.set(KNOWN_LEADER, TRUE);
      headers.set(LAST_CONTACT, ZERO);
    } else {
      leader.leaderHeaders().forEach(headers::set);
    }
    headers.set(DEFAULT_ACL_POLICY, defaultAclPolicy);
  }

  /**
   * Consul API: the index is never 0 on the wire — it is coerced to 1, because {@code index=0}
   * never blocks (issues #4421/#4437).
   *
   * @param headers the response headers
   * @param index the result index
   */
  public static void index(HttpHeaders headers, long index) {
    headers.set(INDEX_NAME, Long.toUnsignedString(Math.max(1, index)));
  }
}
