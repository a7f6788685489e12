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
 * A response before encoding: status, one body kind (JSON value, plain text, raw bytes or none),
 * the blocking index and extra headers. Immutable apart from {@link #header}, which is used while
 * building. Not thread-safe while being built.
 */
public final class ApiResponse {
  private HttpResponseStatus status;
  private final Object json;
  private final boolean hasJson;
  private final String text;
  private final byte[] raw;
  private final String rawContentType;
  private final Long index;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private ApiResponse(
      HttpResponseStatus status,
      Object json,
      boolean hasJson,
      String text,
      byte[] raw,
      String rawContentType,
      Long index) {
    this.status = status;
    this.json = json;
    this.hasJson = hasJson;
    this.text = text;
    this.raw = raw;
    this.rawContentType = rawContentType;
    this.index = index;
  }

  /**
   * @param body any Jackson-serializable value (null encodes as {@code null})
   * @return a 200 JSON response without an index header
   */
  public static ApiResponse json(Object body) {
    return new ApiResponse(HttpResponseStatus.OK, body, true, null, null, null, null);
  }

  /**
   * Consul API: blocking-capable reads carry {@code X-Consul-Index} (coerced to ≥ 1 on the wire).
   *
   * @param body any Jackson-serializable value
   * @param index the result index
   * @return a 200 JSON response with an index
   */
  public static ApiResponse json(Object body, long index) {
    return new ApiResponse(HttpResponseStatus.OK, body, true, null, null, null, index);
  }

  /**
   * @param status the status
   * @param message plain-text body
   * @return a text response
   */
  public static ApiResponse text(HttpResponseStatus status, String message) {
    return new ApiResponse(status, null, false, message, null, null, null);
  }

  /**
   * @param status the status
   * @param message plain-text body
   * @param index the result index (e.g. a 404 of a blocking read)
   * @return a text response with an index
   */
  public static ApiResponse text(HttpResponseStatus status, String message, long index) {
    return new ApiResponse(status, null, false, message, null, null, index);
  }

  /**
   * @param body bytes
   * @param contentType their content type
   * @param index the result index, or null
   * @return a 200 raw response
   */
  public static ApiResponse raw(byte[] body, String contentType, Long index) {
    return new ApiResponse(HttpResponseStatus.OK, null, false, null, body, contentType, index);
  }

  /**
   * @return a 200 response with an empty body (Consul: agent writes)
   */
  public static ApiResponse empty() {
    return new ApiResponse(HttpResponseStatus.OK, null, false, null, null, null, null);
  }

  /**
   * @param name header name
   * @param value header value
   * @return this
   */
  public ApiResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /**
   * @param next the status to send instead (e.g. 409 with a JSON body)
   * @return this
   */
  public ApiResponse withStatus(HttpResponseStatus next) {
    this.status = next;
    return this;
  }

  /**
   * @return the status
   */
  public HttpResponseStatus status() {
    return status;
  }

  /**
   * @return true if the body is a JSON value
   */
  public boolean hasJson() {
    return hasJson;
  }

  /**
   * @return the JSON value (may be null)
   */
  public Object json() {
    return json;
  }

  /**
   * @return the plain-text body, or null
   */
  public String text() {
    return text;
  }

  /**
   * @return raw body bytes, or null
   */
  public byte[] raw() {
    return raw;
  }

  /**
   * @return content type of the raw body
   */
  public String rawContentType() {
    return rawContentType;
  }

  /**
   * @return the result index, or null when the endpoint is not blocking-capable
   */
  public Long index() {
    return index;
  }

  /**
   * @return the index or 0 when absent (for comparisons)
   */
  public long indexOrZero() {
    return index == null ? 0 : index;
  }

  /**
   * @return extra headers
   */
  public Map<String, String> headers() {
    return headers;
  }
}
