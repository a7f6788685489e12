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
package io.nativemesh.consul;

/**
 * Response metadata of a Consul read (Consul API: response headers).
 *
 * @param index {@code X-Consul-Index}, 0 if absent (raw; blocking clients clamp it to at least 1)
 * @param knownLeader {@code X-Consul-KnownLeader}
 * @param lastContactMillis {@code X-Consul-LastContact}, milliseconds
 * @param defaultAclPolicy {@code X-Consul-Default-ACL-Policy} ({@code allow}/{@code deny}), null if
 *     absent
 * @param contentHash {@code X-Consul-ContentHash} for hash-blocking endpoints, else null
 * @since 0.1.0
 */
public record QueryMeta(
    long index,
    boolean knownLeader,
    long lastContactMillis,
    String defaultAclPolicy,
    String contentHash) {}
