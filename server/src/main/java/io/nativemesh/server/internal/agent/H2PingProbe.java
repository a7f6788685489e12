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
package io.nativemesh.server.internal.agent;

import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.server.internal.state.CheckSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;

/**
 * H2PING checks (Consul: {@code CheckH2PING}): opens an HTTP/2 connection with Netty's HTTP/2 codec
 * — over TLS with ALPN {@code h2} when {@code H2PingUseTLS} is true (the default), else cleartext
 * h2c with prior knowledge — sends one PING frame and is passing when the PING ack arrives within
 * the timeout, critical otherwise. {@code TLSSkipVerify} skips certificate verification, otherwise
 * the JDK's default trust store applies. One connection per run, closed afterwards. Thread-safe;
 * owns one event-loop thread, created on first use.
 */
final class H2PingProbe implements AutoCloseable {
  private static final long PING_CONTENT = 0x6e61746976656d65L; // "nativeme"
  private EventLoopGroup group;
  private SslContext verifying;
  private SslContext insecure;
  private boolean closed;

  /**
   * @param spec the check ({@code h2ping}, {@code h2pingUseTls}, {@code tlsSkipVerify}, timeout)
   * @param done receives (status, output)
   */
  void run(CheckSpec spec, BiConsumer<String, String> done) {
    String target = spec.h2ping();
    int colon = target.lastIndexOf(':');
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(target.substring(colon + 1));
    SslContext ssl;
    EventLoopGroup loop;
    try {
      ssl = Boolean.FALSE.equals(spec.h2pingUseTls()) ? null : ssl(spec.tlsSkipVerify());
      loop = group();
    } catch (SSLException | IllegalStateException e) {
      done.accept(HealthCheck.CRITICAL, "Failed to ping: " + e.getMessage());
      return;
    }
    CompletableFuture<String> outcome = new CompletableFuture<>();
    String sniHost = host;
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, spec.timeout().toMillis())))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc(), sniHost, port));
                    }
                    ch.pipeline()
                        .addLast(Http2FrameCodecBuilder.forClient().build())
                        .addLast(
                            new SimpleChannelInboundHandler<Http2PingFrame>() {
                              @Override
                              public void channelActive(ChannelHandlerContext ctx) {
                                ctx.writeAndFlush(new DefaultHttp2PingFrame(PING_CONTENT));
                                ctx.fireChannelActive();
                              }

                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, Http2PingFrame f) {
                                if (f.ack() && f.content() == PING_CONTENT) {
                                  outcome.complete(null);
                                }
                              }

                              @Override
                              public void exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
                                Throwable c = e.getCause() != null ? e.getCause() : e;
                                outcome.complete(
                                    c.getMessage() == null ? c.toString() : c.getMessage());
                                ctx.close();
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                outcome.complete("connection closed before the PING ack");
                              }
                            });
                  }
                });
    ChannelFuture cf = b.connect(host, port);
    cf.addListener(
        f -> {
          if (!f.isSuccess()) {
            Throwable c = f.cause();
            outcome.complete(c.getMessage() == null ? c.toString() : c.getMessage());
          }
        });
    var timeout =
        loop.schedule(
            () -> outcome.complete("timed out after " + spec.timeout().toMillis() + " ms"),
            spec.timeout().toNanos(),
            TimeUnit.NANOSECONDS);
    outcome.whenComplete(
        (error, e) -> {
          timeout.cancel(false);
          cf.channel().close();
          if (error == null) {
            done.accept(HealthCheck.PASSING, "HTTP2 ping was successful");
          } else {
            done.accept(HealthCheck.CRITICAL, "Failed to ping: " + error);
          }
        });
  }

  private synchronized EventLoopGroup group() {
    if (closed) {
      throw new IllegalStateException("check runner closed");
    }
    if (group == null) {
      group =
          new MultiThreadIoEventLoopGroup(
              1,
              new DefaultThreadFactory("nativemesh-check-h2ping", true),
              NioIoHandler.newFactory());
    }
    return group;
  }

  private synchronized SslContext ssl(boolean skipVerify) throws SSLException {
    if (skipVerify ? insecure == null : verifying == null) {
      SslContextBuilder b =
          SslContextBuilder.forClient()
              .applicationProtocolConfig(
                  new ApplicationProtocolConfig(
                      ApplicationProtocolConfig.Protocol.ALPN,
                      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                      ApplicationProtocolNames.HTTP_2));
      if (skipVerify) {
        insecure = b.trustManager(InsecureTrustManagerFactory.INSTANCE).build();
      } else {
        verifying = b.build();
      }
    }
    return skipVerify ? insecure : verifying;
  }

  /** Stops the event loop. */
  @Override
  public synchronized void close() {
    closed = true;
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
