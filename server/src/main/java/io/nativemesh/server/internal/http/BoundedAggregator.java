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

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * {@link HttpObjectAggregator} with a body limit that answers an oversized request with a
 * plain-text 413 (Consul API: {@code Request body(N bytes) too large, max size: M bytes}) and
 * closes the connection. One instance per channel.
 */
public final class BoundedAggregator extends HttpObjectAggregator {
  private final int maxBytes;
  private final ResponseHeaders responseHeaders;

  /**
   * @param maxBytes maximum body size, bytes
   * @param responseHeaders common headers for the 413 response
   */
  public BoundedAggregator(int maxBytes, ResponseHeaders responseHeaders) {
    super(maxBytes);
    this.maxBytes = maxBytes;
    this.responseHeaders = responseHeaders;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
      throws Exception {
    if (!(oversized instanceof HttpRequest)) {
      super.handleOversizedMessage(ctx, oversized);
      return;
    }
    String declared = oversized.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    String msg =
        "Request body"
            + (declared == null ? "" : "(" + declared + " bytes)")
            + " too large, max size: "
            + maxBytes
            + " bytes";
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            Unpooled.copiedBuffer(msg, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    responseHeaders.apply(r.headers());
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }
}
