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
package io.nativemesh.discovery;

import javax.net.ssl.SSLHandshakeException;

/**
 * A mesh connection failed in or right after the TLS handshake, with the reason a person needs:
 * which certificate rule failed on our side, or which intention (or default policy) made the peer
 * refuse us. An {@link java.io.IOException}, so HTTP clients surface it unchanged.
 *
 * @since 0.1.0
 */
public final class MeshConnectException extends SSLHandshakeException {
  private static final long serialVersionUID = 1L;
  private final String upstream;
  private final boolean refusedByPeer;

  /**
   * @param upstream the service dialled
   * @param refusedByPeer true if the peer refused us (e.g. an intention denies us), false if we
   *     refused the peer's certificate
   * @param message the explanation
   * @param cause the TLS failure
   */
  public MeshConnectException(
      String upstream, boolean refusedByPeer, String message, Throwable cause) {
    super(message);
    this.upstream = upstream;
    this.refusedByPeer = refusedByPeer;
    initCause(cause);
  }

  /**
   * @return the service dialled
   */
  public String upstream() {
    return upstream;
  }

  /**
   * @return true if the peer refused us, false if we refused the peer
   */
  public boolean refusedByPeer() {
    return refusedByPeer;
  }
}
