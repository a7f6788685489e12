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
 * A running local forwarder (an {@link UpstreamListener} or an {@link InboundForwarder}): where it
 * listens, how many connections it carries. Closing it stops listening and closes its connections.
 * Thread-safe; {@link #close()} is idempotent.
 *
 * @since 0.1.0
 */
public abstract sealed class ForwarderHandle implements AutoCloseable
    permits UpstreamListener, InboundForwarder {
  private final ForwarderServer server;

  ForwarderHandle(ForwarderServer server) {
    this.server = server;
  }

  /**
   * @return the bound address
   */
  public InetSocketAddress address() {
    return server.address();
  }

  /**
   * @return the bound port (the actual one when 0 was asked for)
   */
  public int port() {
    return address().getPort();
  }

  /**
   * @return accepted connections currently open
   */
  public int connections() {
    return server.connections();
  }

  /** Stops listening and closes every connection; waits up to 5 s for that. */
  @Override
  public void close() {
    server.close();
  }
}
