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

import io.nativemesh.core.MeshException;

/**
 * The Consul HTTP API answered with an error status. {@link #statusCode()} and {@link #body()}
 * (Consul sends plain-text reasons) say why; e.g. 403 {@code Permission denied} for a token without
 * {@code service:write}.
 *
 * @since 0.1.0
 */
public final class ConsulApiException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;
  private final String body;

  /**
   * @param method HTTP method
   * @param path request path, without the token
   * @param statusCode HTTP status
   * @param body response body (plain text)
   */
  public ConsulApiException(String method, String path, int statusCode, String body) {
    super(method + " " + path + ": Unexpected response code: " + statusCode + " (" + body + ")");
    this.statusCode = statusCode;
    this.body = body;
  }

  /**
   * @return the HTTP status code
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * @return the plain-text error body
   */
  public String body() {
    return body;
  }
}
