package io.nativemesh.consul;

/**
 * Response metadata of a Consul read (Consul API: response headers).
 *
 * @param index {@code X-Consul-Index}, 0 if absent (raw; blocking clients clamp it to at least 1)
 * @param knownLeader {@code X-Consul-KnownLeader}
 * @param lastContactMillis {@code X-Consul-LastContact}, milliseconds
 * @param defaultAclPolicy {@code X-Consul-Default-ACL-Policy} ({@code allow}/{@code deny}), null if absent
 * @param contentHash {@code X-Consul-ContentHash} for hash-blocking endpoints, else null
 */
public record QueryMeta(long index, boolean knownLeader, long lastContactMillis, String defaultAclPolicy,
                        String contentHash) {}
