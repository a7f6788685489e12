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

import io.nativemesh.server.internal.state.StorageFailureException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes aggregated requests, routes them, and encodes the (possibly later) responses with
 * Consul's headers. One request at a time per connection: pipelined requests are queued and
 * answered in order (reading pauses once {@value #MAX_PIPELINED} are queued). Reading continues
 * while a request is in progress, so a client that disconnects from a parked blocking query is
 * noticed at once and its watcher released; no per-request {@code epoll_ctl} toggling. Unknown path
 * → 404, known path with another method → 405 with {@code Allow}, {@code OPTIONS} → 200 with {@code
 * Allow}, a foreign {@code ?dc} → 500 {@code No path to datacenter} (Consul's wording). Anything a
 * handler did not anticipate is logged and answered with a 500; bad input is always a 4xx {@link
 * HttpError}.
 *
 * <p>Sharable: stateless apart from immutable configuration.
 */
@Sharable
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private final Router router;
  private final ResponseHeaders responseHeaders;
  private final String datacenter;
  private final ReadGate readGate;

  /**
   * @param router the routes
   * @param responseHeaders headers for every response
   * @param datacenter our datacenter ({@code ?dc} must match it)
   */
  public ApiHandler(Router router, ResponseHeaders responseHeaders, String datacenter) {
    this(router, responseHeaders, datacenter, null);
  }

  /**
   * @param router the routes
   * @param responseHeaders headers for every response
   * @param datacenter our datacenter ({@code ?dc} must match it)
   * @param readGate cluster mode: the consistency gate and leader headers; null for one server
   */
  public ApiHandler(
      Router router, ResponseHeaders responseHeaders, String datacenter, ReadGate readGate) {
    this.router = router;
    this.responseHeaders = responseHeaders;
    this.datacenter = datacenter;
    this.readGate = readGate;
  }

  /**
   * Pipelined requests that arrived while one was in progress (already decoded in the same read).
   */
  /** Pipelined requests buffered per connection before reading pauses. */
  private static final int MAX_PIPELINED = 16;

  private static final AttributeKey<ArrayDeque<FullHttpRequest>> QUEUE =
      AttributeKey.valueOf("nativemesh.pipelined");

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (Boolean.TRUE.equals(ctx.channel().attr(ConnectionGuard.IN_FLIGHT).get())) {
      ctx.channel().attr(QUEUE).setIfAbsent(new ArrayDeque<>());
      ArrayDeque<FullHttpRequest> q = ctx.channel().attr(QUEUE).get();
      q.add(req.retain());
      if (q.size() >= MAX_PIPELINED) {
        ctx.channel()
            .config()
            .setAutoRead(false); // back-pressure a client that pipelines too far ahead
      }
      return;
    }
    process(ctx, req);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    ArrayDeque<FullHttpRequest> q = ctx.channel().attr(QUEUE).getAndSet(null);
    if (q != null) {
      q.forEach(FullHttpRequest::release);
    }
    super.channelInactive(ctx);
  }

  private void process(ChannelHandlerContext ctx, FullHttpRequest req) {
    ctx.channel().attr(ConnectionGuard.IN_FLIGHT).set(true);
    boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
    boolean[] pretty = {false};
    CompletableFuture<ApiResponse> future;
    try {
      future = dispatch(ctx, req, pretty);
    } catch (HttpError e) {
      future = CompletableFuture.completedFuture(e.toResponse());
    } catch (StorageFailureException e) {
      future = CompletableFuture.completedFuture(storageFailure(e));
    } catch (RuntimeException e) {
      LOG.error("unexpected failure handling {} {}", req.method(), req.uri(), e);
      future =
          CompletableFuture.completedFuture(
              ApiResponse.text(
                  HttpResponseStatus.INTERNAL_SERVER_ERROR,
                  "Internal error: " + e.getClass().getSimpleName()));
    }
    CompletableFuture<ApiResponse> f = future;
    ChannelFutureListener onClose = cf -> f.cancel(false);
    ctx.channel().closeFuture().addListener(onClose);
    String what = req.method() + " " + req.uri();
    f.whenComplete(
        (resp, err) -> {
          Runnable respond =
              () -> {
                ctx.channel().closeFuture().removeListener(onClose);
                if (!ctx.channel().isActive()) {
                  return;
                }
                try {
                  write(ctx, toResponse(resp, err, what), keepAlive, pretty[0]);
                } catch (RuntimeException e) {
                  LOG.error("cannot encode the response to {}; closing the connection", what, e);
                  ctx.close();
                }
              };
          // a woken blocking query completes on its own event loop: answer at once instead of
          // queueing
          // one more task per watcher behind the rest of a fan-out
          if (ctx.executor().inEventLoop()) {
            respond.run();
          } else {
            ctx.executor().execute(respond);
          }
        });
  }

  private CompletableFuture<ApiResponse> dispatch(
      ChannelHandlerContext ctx, FullHttpRequest req, boolean[] pretty) {
    if (req.decoderResult().isFailure()) {
      throw HttpError.badRequest(
          "Invalid HTTP request: " + req.decoderResult().cause().getMessage());
    }
    QueryStringDecoder qs;
    Map<String, List<String>> params;
    String path;
    PercentUtf8.require(req.uri());
    try {
      qs = new QueryStringDecoder(req.uri());
      params = qs.parameters();
      path = qs.path();
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("Invalid URL: " + e.getMessage());
    }
    pretty[0] = params.containsKey("pretty");
    Router.Match m = router.match(req.method(), path);
    if (m.allowed().isEmpty()) {
      throw HttpError.notFound("404 page not found");
    }
    String allow = m.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    if (req.method().equals(HttpMethod.OPTIONS)) {
      return CompletableFuture.completedFuture(
          ApiResponse.empty().header("Allow", allow + ", OPTIONS"));
    }
    if (m.handler() == null) {
      throw new HttpError(
              HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + req.method() + " not allowed")
          .withHeader("Allow", allow);
    }
    if (m.param() != null && m.param().isEmpty()) {
      throw HttpError.badRequest("Missing " + m.paramName().replace('_', ' '));
    }
    List<String> dc = params.get("dc");
    if (dc != null && !dc.isEmpty() && !dc.get(0).isEmpty() && !dc.get(0).equals(datacenter)) {
      throw new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "No path to datacenter");
    }
    byte[] body = ByteBufUtil.getBytes(req.content());
    ApiRequest request =
        new ApiRequest(req.method(), path, params, req.headers(), body, m.param(), ctx.executor());
    if (readGate == null) {
      return m.handler().handle(request).toCompletableFuture();
    }
    // the leader headers are set when the response is written (ResponseHeaders), errors included
    return readGate
        .before(request)
        .thenCompose(v -> m.handler().handle(request).toCompletableFuture());
  }

  /**
   * 503: the write was not made durable (the store logged the cause when it failed); the store
   * retries the disk every second, so the client may too.
   */
  private static ApiResponse storageFailure(StorageFailureException e) {
    return ApiResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage())
        .header("Retry-After", "1");
  }

  private static ApiResponse toResponse(ApiResponse resp, Throwable err, String what) {
    if (err == null) {
      return resp;
    }
    Throwable cause =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof HttpError h) {
      return h.toResponse();
    }
    if (cause instanceof StorageFailureException f) {
      return storageFailure(f);
    }
    LOG.error("unexpected failure handling {}", what, cause);
    return ApiResponse.text(
        HttpResponseStatus.INTERNAL_SERVER_ERROR,
        "Internal error: " + cause.getClass().getSimpleName());
  }

  private void write(
      ChannelHandlerContext ctx, ApiResponse resp, boolean keepAlive, boolean pretty) {
    byte[] body;
    String contentType;
    if (resp.hasJson()) {
      body = Json.write(resp.json(), pretty);
      contentType = "application/json";
    } else if (resp.text() != null) {
      body = resp.text().getBytes(StandardCharsets.UTF_8);
      contentType = "text/plain; charset=utf-8";
    } else if (resp.raw() != null) {
      body = resp.raw();
      contentType = resp.rawContentType();
    } else {
      body = new byte[0];
      contentType = null;
    }
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, resp.status(), Unpooled.wrappedBuffer(body));
    if (contentType != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    responseHeaders.apply(r.headers());
    if (resp.index() != null) {
      ResponseHeaders.index(r.headers(), resp.index());
    }
    resp.headers().forEach((k, v) -> r.headers().set(k, v));
    HttpUtil.setKeepAlive(r, keepAlive);
    if (!keepAlive) {
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(r)
        .addListener(
            (ChannelFutureListener)
                cf -> {
                  ctx.channel().attr(ConnectionGuard.IN_FLIGHT).set(false);
                  ArrayDeque<FullHttpRequest> q = ctx.channel().attr(QUEUE).get();
                  FullHttpRequest next = q == null ? null : q.poll();
                  if (next != null) {
                    try {
                      process(ctx, next);
                    } finally {
                      next.release();
                    }
                    return;
                  }
                  if (!ctx.channel().config().isAutoRead()) {
                    ctx.channel().config().setAutoRead(true);
                  }
                });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("closing connection after I/O error: {}", cause.toString());
    ctx.close();
  }
}
