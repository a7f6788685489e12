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
package io.nativemesh.tls;

import java.time.Instant;

/**
 * One refused caller, as the SDK logged it: in the TLS handshake ({@link #HANDSHAKE}: certificate
 * rejected or no intention) or per request ({@link #REQUEST}: an L7 intention). Immutable.
 *
 * @param at when it was refused
 * @param layer {@link #HANDSHAKE} or {@link #REQUEST}
 * @param peer the caller's SPIFFE ID, or {@code unknown} when its certificate was rejected before
 *     an identity could be read
 * @param reason the deciding rule or the rejection reason (for requests: method and path first)
 * @since 0.1.0
 */
public record Denial(Instant at, String layer, String peer, String reason) {
  /** The layer of a refusal in the TLS handshake. */
  public static final String HANDSHAKE = "handshake";

  /** The layer of a refusal of one HTTP request (L7 intentions). */
  public static final String REQUEST = "request";
}
