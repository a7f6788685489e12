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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Keeps slow or idle clients from holding connections: a request must arrive completely within the
 * request timeout, counted from its first byte (else 408 and close), and a connection with no
 * request in progress is closed after the idle timeout (an {@link
 * io.netty.handler.timeout.IdleStateHandler} upstream raises the event). A connection parked on a
 * blocking query is not idle. Sits after the HTTP codec, with {@link #firstBytes()} before it (the
 * codec emits nothing until the headers are complete, so a client trickling a header byte every few
 * seconds was never timed out); one instance per channel, confined to its event loop.
 */
public final class ConnectionGuard extends ChannelDuplexHandler {
  /** Set while a complete request is being processed (e.g. parked on a blocking query). */
  public static final AttributeKey<Boolean> IN_FLIGHT = AttributeKey.valueOf("nativemesh.inFlight");

  private final long requestTimeoutMillis;
  private final ResponseHeaders responseHeaders;
  private ScheduledFuture<?> deadline;

  /**
   * @param requestTimeoutMillis time allowed from the first byte of a request to its last, ms
   * @param responseHeaders common headers for the 408 response
   */
  public ConnectionGuard(long requestTimeoutMillis, ResponseHeaders responseHeaders) {
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.responseHeaders = responseHeaders;
  }

  private ChannelHandlerContext guardContext;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    guardContext = ctx;
  }

  /**
   * @return the handler to place before the HTTP codec: starts the request deadline at the first
   *     byte of a request rather than at the end of its headers
   */
  public ChannelHandler firstBytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (deadline == null
            && guardContext != null
            && msg instanceof ByteBuf b
            && b.isReadable()) {
          deadline =
              ctx.executor()
                  .schedule(
                      () -> timeout(guardContext), requestTimeoutMillis, TimeUnit.MILLISECONDS);
        }
        super.channelRead(ctx, msg);
      }
    };
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest && deadline == null) {
      deadline =
          ctx.executor().schedule(() -> timeout(ctx), requestTimeoutMillis, TimeUnit.MILLISECONDS);
    }
    if (msg instanceof LastHttpContent) {
      cancelDeadline();
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      Boolean busy = ctx.channel().attr(IN_FLIGHT).get();
      if ((busy == null || !busy) && deadline == null) {
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelDeadline();
    super.channelInactive(ctx);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void timeout(ChannelHandlerContext ctx) {
    deadline = null;
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_TIMEOUT,
            Unpooled.copiedBuffer("Request not received in time", StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    responseHeaders.apply(r.headers());
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }
}
