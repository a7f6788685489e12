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

import io.nativemesh.core.MeshException;

/**
 * No passing, mesh-capable instance of an upstream is known (Consul API: {@code
 * /v1/health/connect/:service?passing} returned none, or never answered).
 *
 * @since 0.1.0
 */
public final class NoHealthyUpstreamException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final String service;

  /**
   * @param service the upstream name
   * @param detail why
   */
  public NoHealthyUpstreamException(String service, String detail) {
    super("no healthy instance of upstream '" + service + "': " + detail);
    this.service = service;
  }

  /**
   * @return the upstream name
   */
  public String service() {
    return service;
  }
}
