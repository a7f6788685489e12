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

import io.nativemesh.discovery.UpstreamPolicy;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per accepted mesh connection of an inbound forwarder: first connects to the local plain-TCP
 * server (if it is down, the mesh connection is closed before the handshake, so the caller sees a
 * handshake failure and tries another instance), then terminates mutual TLS — the server context's
 * trust manager authorizes the peer against intentions inside the handshake — and relays. Not
 * sharable.
 */
public final class InboundHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(InboundHandler.class);

  private final SslContext serverContext;
  private final InetSocketAddress local;
  private final UpstreamPolicy timeouts;

  /**
   * @param serverContext mesh server context ({@code MeshNettyContexts.server})
   * @param local the plain TCP server to forward to
   * @param timeouts connect, handshake and idle timeouts
   */
  public InboundHandler(
      SslContext serverContext, InetSocketAddress local, UpstreamPolicy timeouts) {
    this.serverContext = serverContext;
    this.local = local;
    this.timeouts = timeouts;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel mesh = ctx.channel();
    Bootstrap b =
        new Bootstrap()
            .group(mesh.eventLoop())
            .channel(Forwarding.socketChannelType())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.connectTimeout().toMillis())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Forwarding.WATER_MARK)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            "idle",
                            new IdleStateHandler(
                                0, 0, timeouts.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                  }
                });
    ChannelFuture cf = b.connect(local);
    cf.addListener(
        f -> {
          if (!f.isSuccess()) {
            log.warn(
                "local server {} unreachable ({}); refusing mesh connection from {}",
                local,
                f.cause().toString(),
                mesh.remoteAddress());
            mesh.close();
            return;
          }
          Channel backend = cf.channel();
          if (!mesh.isActive()) {
            backend.close();
            return;
          }
          SslHandler tls = serverContext.newHandler(mesh.alloc());
          tls.setHandshakeTimeoutMillis(timeouts.handshakeTimeout().toMillis());
          mesh.pipeline().addBefore(ctx.name(), "tls", tls);
          mesh.pipeline()
              .addBefore(
                  ctx.name(),
                  "idle",
                  new IdleStateHandler(
                      0, 0, timeouts.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
          tls.handshakeFuture()
              .addListener(
                  h -> {
                    if (h.isSuccess()) {
                      mesh.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                    } else {
                      log.debug(
                          "mesh handshake from {} failed: {}",
                          mesh.remoteAddress(),
                          h.cause().toString());
                      mesh.close();
                      backend.close();
                    }
                  });
          mesh.pipeline().remove(ctx.name());
          Relay.join(
              mesh,
              backend); // data flows only after the handshake; the backend's is queued until then
        });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
