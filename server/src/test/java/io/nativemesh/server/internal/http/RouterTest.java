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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final ExecutorService writers =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "test-writer"));

  @AfterEach
  void stop() {
    writers.shutdownNow();
  }

  private static ApiRequest request(String path, String param) {
    return new ApiRequest(
        HttpMethod.PUT,
        path,
        Map.of(),
        new DefaultHttpHeaders(),
        new byte[0],
        param,
        ImmediateEventExecutor.INSTANCE);
  }

  @Test
  void blockingHandlersRunOnTheBlockingExecutorNotTheCaller() throws Exception {
    Router router = new Router(writers);
    String[] ranOn = new String[1];
    router.addBlocking(
        HttpMethod.PUT,
        "/v1/agent/service/register",
        r -> {
          ranOn[0] = Thread.currentThread().getName();
          return ApiResponse.empty();
        });
    Router.Match m = router.match(HttpMethod.PUT, "/v1/agent/service/register");
    ApiResponse resp =
        m.handler()
            .handle(request("/v1/agent/service/register", null))
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertEquals(HttpResponseStatus.OK, resp.status());
    assertEquals("test-writer", ranOn[0]);
  }

  @Test
  void anHttpErrorOfABlockingHandlerStaysA4xx() {
    Router router = new Router(writers);
    router.addBlocking(
        HttpMethod.PUT,
        "/v1/session/destroy/:uuid",
        r -> {
          throw HttpError.badRequest("Missing session " + r.pathParam());
        });
    Router.Match m = router.match(HttpMethod.PUT, "/v1/session/destroy/abc");
    assertEquals("abc", m.param());
    CompletableFuture<ApiResponse> f =
        m.handler().handle(request("/v1/session/destroy/abc", m.param())).toCompletableFuture();
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    HttpError h = assertInstanceOf(HttpError.class, e.getCause());
    assertTrue(h.getMessage().contains("abc"), h.getMessage());
  }
}
