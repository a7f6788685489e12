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

import io.nativemesh.discovery.internal.ForwarderServer;
import java.net.InetSocketAddress;

/**
 * The mesh port of a service whose server speaks plain TCP (an unmodified Redis or Postgres):
 * mutual TLS is terminated here, the caller is authorized against intentions in the handshake, and
 * bytes are forwarded to the local server. If the local server is down, mesh connections are closed
 * before the handshake completes, so callers fail over to another instance. Thread-safe.
 *
 * @since 0.1.0
 */
public final class InboundForwarder extends ForwarderHandle {
  private final InetSocketAddress local;

  InboundForwarder(ForwarderServer server, InetSocketAddress local) {
    super(server);
    this.local = local;
  }

  /**
   * @return the local plain-TCP server it forwards to
   */
  public InetSocketAddress local() {
    return local;
  }

  @Override
  public String toString() {
    return "InboundForwarder[" + address() + " -> " + local + "]";
  }
}
