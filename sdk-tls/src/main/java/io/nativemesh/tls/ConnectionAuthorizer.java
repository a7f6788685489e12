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

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.intention.IntentionDecision;

/**
 * Authorizes a client connection in the handshake when local intentions cannot be used, e.g.
 * because our token may not read them ({@code io.nativemesh.tls.source.AgentAuthorizer} asks the
 * agent). A {@link MeshState} that carries one is authorized by it instead of its intentions.
 *
 * <p>Implementations are called on handshake threads: they must be thread-safe, bound how long they
 * wait, and fail closed (deny) when they cannot decide.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConnectionAuthorizer {
  /**
   * @param peer the client's identity (already verified against the roots)
   * @param serialHex the client certificate's serial in Consul's colon-hex form
   * @return the decision with its reason; L7 intentions deny at this level
   */
  IntentionDecision authorize(ServiceIdentity peer, String serialHex);

  /**
   * As {@link #authorize} for a handshake thread that must not wait (an event loop): decides from
   * what is known now, never blocks, and denies (fail closed) what it cannot decide yet. By default
   * the same as {@link #authorize}; implementations that wait override it.
   *
   * @param peer the client's identity (already verified against the roots)
   * @param serialHex the client certificate's serial in Consul's colon-hex form
   * @return the decision with its reason
   */
  default IntentionDecision authorizeWithoutWaiting(ServiceIdentity peer, String serialHex) {
    return authorize(peer, serialHex);
  }
}
