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
import java.net.URI;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.AbstractClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A WebClient request collected in memory, then sent through the mesh OkHttp client. */
public final class OkHttpReactiveRequest extends AbstractClientHttpRequest {
  private static final DataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;
  private final HttpMethod method;
  private final URI uri;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /**
   * @param method the method
   * @param uri the URI
   */
  public OkHttpReactiveRequest(HttpMethod method, URI uri) {
    this.method = method;
    this.uri = uri;
  }

  @Override
  public HttpMethod getMethod() {
    return method;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public DataBufferFactory bufferFactory() {
    return BUFFERS;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getNativeRequest() {
    return (T) this;
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> data) {
    return doCommit(
        () ->
            Flux.from(data)
                .doOnNext(
                    buf -> {
                      byte[] b = new byte[buf.readableByteCount()];
                      buf.read(b);
                      DataBufferUtils.release(buf);
                      body.write(b, 0, b.length);
                    })
                .then());
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> data) {
    return writeWith(Flux.from(data).concatMap(p -> p));
  }

  @Override
  public Mono<Void> setComplete() {
    return doCommit();
  }

  @Override
  protected void applyHeaders() {
    // read from getHeaders() when the call is made
  }

  @Override
  protected void applyCookies() {
    for (Map.Entry<String, List<HttpCookie>> e : getCookies().entrySet()) {
      for (HttpCookie c : e.getValue()) {
        getHeaders().add(HttpHeaders.COOKIE, c.getName() + "=" + c.getValue());
      }
    }
  }

  /**
   * @param client the mesh client
   * @return the response, body buffered
   */
  public Mono<ClientHttpResponse> execute(OkHttpClient client) {
    return Mono.<ClientHttpResponse>fromCallable(
            () -> {
              try (Response r =
                  client
                      .newCall(
                          OkHttpClientHttpRequest.build(
                              uri, method.name(), getHeaders(), body.toByteArray()))
                      .execute()) {
                byte[] bytes = r.body() == null ? new byte[0] : r.body().bytes();
                return new Resp(r.code(), OkHttpClientHttpRequest.headers(r), bytes);
              } catch (IOException e) {
                throw e;
              }
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static final class Resp implements ClientHttpResponse {
    private final int code;
    private final HttpHeaders headers;
    private final byte[] bytes;

    Resp(int code, HttpHeaders headers, byte[] bytes) {
      this.code = code;
      this.headers = headers;
      this.bytes = bytes;
    }

    @Override
    public HttpStatusCode getStatusCode() {
      return HttpStatusCode.valueOf(code);
    }

    @Override
    public MultiValueMap<String, ResponseCookie> getCookies() {
      return new LinkedMultiValueMap<>();
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return bytes.length == 0 ? Flux.empty() : Flux.just(BUFFERS.wrap(bytes));
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }
  }
}
