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
package io.nativemesh.server.internal.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error with an HTTP status and a plain-text reason (Consul API: {@code HTTPError}, errors are
 * plain-text bodies). Thrown by handlers for bad input; the dispatcher turns it into the response.
 */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient HttpResponseStatus status;
  private final transient Map<String, String> headers = new LinkedHashMap<>();

  /**
   * @param status the status, 4xx for bad input
   * @param reason the plain-text body
   */
  public HttpError(HttpResponseStatus status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  /**
   * @param reason the plain-text body
   * @return a 400 error
   */
  public static HttpError badRequest(String reason) {
    return new HttpError(HttpResponseStatus.BAD_REQUEST, reason);
  }

  /**
   * @param reason the plain-text body
   * @return a 404 error
   */
  public static HttpError notFound(String reason) {
    return new HttpError(HttpResponseStatus.NOT_FOUND, reason);
  }

  /**
   * @return the HTTP status
   */
  public HttpResponseStatus status() {
    return status;
  }

  /**
   * @param name header name
   * @param value header value
   * @return this, with a header to send along (e.g. {@code Allow} on a 405)
   */
  public HttpError withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /**
   * @return the error as a plain-text response
   */
  public ApiResponse toResponse() {
    ApiResponse r = ApiResponse.text(status, getMessage());
    headers.forEach(r::header);
    return r;
  }
}
