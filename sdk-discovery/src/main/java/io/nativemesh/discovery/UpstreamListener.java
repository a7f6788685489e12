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

/**
 * A local TCP port (normally on 127.0.0.1) whose connections are forwarded over mutual TLS to a
 * healthy instance of an upstream — Consul's {@code local_bind_port}, for clients that cannot take
 * an SSLContext (JDBC drivers, Redis clients). Each connection is balanced, retried and guarded by
 * the upstream's {@link UpstreamPolicy}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class UpstreamListener extends ForwarderHandle {
  private final UpstreamTarget target;

  UpstreamListener(ForwarderServer server, UpstreamTarget target) {
    super(server);
    this.target = target;
  }

  /**
   * @return the upstream it forwards to
   */
  public UpstreamTarget target() {
    return target;
  }

  @Override
  public String toString() {
    return "UpstreamListener[" + address() + " -> " + target + "]";
  }
}
