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
package io.nativemesh.spring.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/** One blocking request through the mesh OkHttp client (body buffered). */
public final class OkHttpClientHttpRequest extends AbstractClientHttpRequest {
  private final OkHttpClient client;
  private final URI uri;
  private final org.springframework.http.HttpMethod method;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /**
   * @param client the mesh client
   * @param uri the URI
   * @param method the method
   */
  public OkHttpClientHttpRequest(
      OkHttpClient client, URI uri, org.springframework.http.HttpMethod method) {
    this.client = client;
    this.uri = uri;
    this.method = method;
  }

  @Override
  public org.springframework.http.HttpMethod getMethod() {
    return method;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  protected OutputStream getBodyInternal(HttpHeaders headers) {
    return body;
  }

  @Override
  protected ClientHttpResponse executeInternal(HttpHeaders headers) throws IOException {
    Response r = client.newCall(build(uri, method.name(), headers, body.toByteArray())).execute();
    return new Resp(r);
  }

  /**
   * @param uri target
   * @param method method name
   * @param headers request headers
   * @param bytes the body
   * @return the OkHttp request
   */
  public static Request build(URI uri, String method, HttpHeaders headers, byte[] bytes) {
    Request.Builder b = new Request.Builder().url(uri.toString());
    headers.forEach(
        (name, values) -> {
          for (String v : values) {
            b.addHeader(name, v);
          }
        });
    String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
    RequestBody rb = null;
    if (bytes.length > 0 || List.of("POST", "PUT", "PATCH").contains(method)) {
      rb = RequestBody.create(bytes, type == null ? null : MediaType.parse(type));
    }
    return b.method(method, rb).build();
  }

  /**
   * @param r an OkHttp response
   * @return its headers as Spring's
   */
  public static HttpHeaders headers(Response r) {
    HttpHeaders h = new HttpHeaders();
    for (String name : r.headers().names()) {
      List<String> values = r.headers(name);
      for (String v : values) {
        h.add(name, v);
      }
    }
    return h;
  }

  private static final class Resp implements ClientHttpResponse {
    private final Response r;
    private final HttpHeaders headers;

    Resp(Response r) {
      this.r = r;
      this.headers = headers(r);
    }

    @Override
    public HttpStatusCode getStatusCode() {
      return HttpStatusCode.valueOf(r.code());
    }

    @Override
    public String getStatusText() {
      return r.message();
    }

    @Override
    public void close() {
      r.close();
    }

    @Override
    public InputStream getBody() {
      return r.body() == null ? InputStream.nullInputStream() : r.body().byteStream();
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }
  }
}
