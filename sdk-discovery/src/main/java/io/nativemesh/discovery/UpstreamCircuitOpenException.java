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

import java.io.IOException;

/**
 * The upstream's circuit breaker is open: recent attempts failed too often, so this one was not
 * made. An {@link IOException}, so HTTP clients and socket callers handle it like any failure to
 * connect; try again after the policy's {@code breakerOpenFor}.
 *
 * @since 0.1.0
 */
public final class UpstreamCircuitOpenException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String upstream;

  /**
   * @param upstream the upstream
   * @param message the explanation
   */
  public UpstreamCircuitOpenException(String upstream, String message) {
    super(message);
    this.upstream = upstream;
  }

  /**
   * @return the upstream name
   */
  public String upstream() {
    return upstream;
  }
}
