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
package io.nativemesh.server.internal.state;

import java.time.Duration;

/**
 * How the agent runs a check it owns (Consul: the check definition): TTL, HTTP or TCP, plus the
 * critical-service reaper setting. Stored with the check so that a restarted server re-arms it.
 * Immutable.
 *
 * @param http URL of an HTTP check, or null
 * @param method HTTP method (default {@code GET}), or null
 * @param tcp {@code host:port} of a TCP check, or null
 * @param interval run interval of HTTP/TCP checks, or null
 * @param timeout per-run timeout (default 10 s), or null
 * @param tlsSkipVerify skip certificate verification of {@code https} checks
 * @param deregisterCriticalServiceAfter deregister the owning service after it has been critical
 *     this long, or null
 */
public record CheckSpec(
    String http,
    String method,
    String tcp,
    Duration interval,
    Duration timeout,
    boolean tlsSkipVerify,
    Duration deregisterCriticalServiceAfter) {

  /**
   * @return true for a check the agent runs itself (HTTP or TCP)
   */
  public boolean active() {
    return (http != null || tcp != null) && interval != null;
  }
}
