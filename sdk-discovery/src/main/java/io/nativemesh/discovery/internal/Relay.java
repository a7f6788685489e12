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
package io.nativemesh.discovery.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies bytes from its channel to a peer channel, one instance per direction.
 *
 * <ul>
 *   <li>Back-pressure: when the peer's outbound buffer passes its high-water mark this channel
 *       stops reading until the peer drains below the low-water mark.
 *   <li>Half-close: end of input here (TCP FIN, or a TLS close_notify) shuts down the peer's output
 *       (TLS peers get a close_notify, then a FIN); the pair closes when both directions ended.
 *   <li>Idle: an {@link IdleStateEvent} (from an {@code IdleStateHandler} earlier in the pipeline)
 *       closes both channels, as does any error or either channel closing.
 * </ul>
 *
 * Runs on the channels' event loop (both channels share one). Not sharable.
 */
public final class Relay extends ChannelInboundHandlerAdapter {
  private final Channel peer;
  private final AtomicInteger endedDirections;
  private boolean inputEnded;

  private Relay(Channel peer, AtomicInteger endedDirections) {
    this.peer = peer;
    this.endedDirections = endedDirections;
  }

  /**
   * Installs relays in both directions and starts reading on both channels.
   *
   * @param a one channel
   * @param b the other, on the same event loop
   */
  public static void join(Channel a, Channel b) {
    AtomicInteger ended = new AtomicInteger();
    a.pipeline().addLast("relay", new Relay(b, ended));
    b.pipeline().addLast("relay", new Relay(a, ended));
    a.closeFuture().addListener(f -> flushAndClose(b));
    b.closeFuture().addListener(f -> flushAndClose(a));
    a.config().setAutoRead(true);
    b.config().setAutoRead(true);
    a.read();
    b.read();
  }

  /**
   * @param ch a channel to close once what was written to it is flushed
   */
  public static void flushAndClose(Channel ch) {
    if (ch.isActive()) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!peer.isActive()) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    peer.write(msg, peer.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false); // resumed by the peer's writability change
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      peer.config().setAutoRead(true); // we drained: read from the peer again
      peer.read();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
      endInput(ctx);
    } else if (evt instanceof IdleStateEvent) {
      ctx.close();
    }
    ReferenceCountUtil.release(evt);
  }

  private void endInput(ChannelHandlerContext ctx) {
    if (inputEnded) {
      return;
    }
    inputEnded = true;
    if (endedDirections.incrementAndGet() >= 2) {
      flushAndClose(peer);
      flushAndClose(ctx.channel());
      return;
    }
    SslHandler tls = peer.pipeline().get(SslHandler.class);
    peer.flush();
    if (tls != null) {
      tls.closeOutbound().addListener(f -> shutdownOutput(peer)); // close_notify, then FIN
    } else {
      shutdownOutput(peer);
    }
  }

  private static void shutdownOutput(Channel ch) {
    if (ch instanceof DuplexChannel d && ch.isActive()) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> d.shutdownOutput());
    } else {
      ch.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    flushAndClose(peer);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
    peer.close();
  }
}
