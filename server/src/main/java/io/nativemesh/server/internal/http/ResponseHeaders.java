package io.nativemesh.server.internal.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers Consul puts on every response (Consul API §2.1). Immutable and thread-safe.
 *
 * @param defaultAclPolicy {@code allow} or {@code deny}: Consul sends its ACL default policy, which
 *     clients also use as the default intention decision; we send the configured default intention
 *     policy
 */
public record ResponseHeaders(String defaultAclPolicy) {
  /** {@code X-Consul-Index}. */
  public static final String INDEX = "X-Consul-Index";

  /**
   * Adds {@code X-Consul-KnownLeader: true}, {@code X-Consul-LastContact: 0} (we are the leader) and
   * {@code X-Consul-Default-ACL-Policy}.
   *
   * @param headers the response headers
   */
  public void apply(HttpHeaders headers) {
    headers.set("X-Consul-KnownLeader", "true");
    headers.set("X-Consul-LastContact", "0");
    headers.set("X-Consul-Default-ACL-Policy", defaultAclPolicy);
  }

  /**
   * Consul API: the index is never 0 on the wire — it is coerced to 1, because {@code index=0}
   * never blocks (issues #4421/#4437).
   *
   * @param headers the response headers
   * @param index the result index
   */
  public static void index(HttpHeaders headers, long index) {
    headers.set(INDEX, Long.toUnsignedString(Math.max(1, index)));
  }
}
