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
package io.nativemesh.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A small HTTP/1.1 load generator for the companion server on Netty: few threads drive many
 * keep-alive connections, so the clients do not starve the server of the two CPUs. Each {@link
 * Conn} has at most one request in flight. Thread-safe.
 */
final class ServerLoad implements AutoCloseable {
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final String host;
  private final int port;

  /** One keep-alive connection with one request in flight at a time. */
  static final class Conn {
    final Channel channel;
    volatile CompletableFuture<Integer> pending;
    volatile long sentNanos;
    volatile String lastIndex;

    Conn(Channel channel) {
      this.channel = channel;
    }

    /**
     * @param method method
     * @param uri path and query
     * @param body body or null
     * @return the response status
     */
    CompletableFuture<Integer> send(HttpMethod method, String uri, byte[] body) {
      CompletableFuture<Integer> f = new CompletableFuture<>();
      pending = f;
      FullHttpRequest req =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              method,
              uri,
              body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
      req.headers().set(HttpHeaderNames.HOST, "bench");
      req.headers().set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
      sentNanos = System.nanoTime();
      channel
          .writeAndFlush(req)
          .addListener(
              cf -> {
                if (!cf.isSuccess()) {
                  f.completeExceptionally(cf.cause());
                }
              });
      return f;
    }
  }

  ServerLoad(String host, int port, int threads) {
    this.host = host;
    this.port = port;
    this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpClientCodec(),
                            new HttpObjectAggregator(1 << 20),
                            new SimpleChannelInboundHandler<FullHttpResponse>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, FullHttpResponse msg) {
                                Conn c = ctx.channel().attr(ServerBench.CONN).get();
                                CompletableFuture<Integer> f = c.pending;
                                c.lastIndex = msg.headers().get("X-Consul-Index");
                                if (f != null) {
                                  f.complete(msg.status().code());
                                }
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext ctx, Throwable cause) {
                                Conn c = ctx.channel().attr(ServerBench.CONN).get();
                                if (c != null && c.pending != null) {
                                  c.pending.completeExceptionally(cause);
                                }
                                ctx.close();
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                // a server that died or closed the connection fails the request
                                // in flight, so a closed loop ends instead of waiting forever
                                Conn c = ctx.channel().attr(ServerBench.CONN).get();
                                if (c != null && c.pending != null) {
                                  c.pending.completeExceptionally(
                                      new java.io.IOException("connection closed by the server"));
                                }
                                ctx.fireChannelInactive();
                              }
                            });
                  }
                });
  }

  /**
   * @param n connections to open (in batches, so the accept backlog does not overflow)
   * @return the connections
   * @throws InterruptedException if interrupted
   */
  List<Conn> open(int n) throws InterruptedException {
    List<Conn> out = new ArrayList<>(n);
    for (int i = 0; i < n; i += 256) {
      List<ChannelFuture> batch = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + 256); j++) {
        batch.add(bootstrap.connect(host, port));
      }
      for (ChannelFuture cf : batch) {
        cf.sync();
        Conn c = new Conn(cf.channel());
        cf.channel().attr(ServerBench.CONN).set(c);
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Closed-loop load: every connection sends its next request as soon as the previous answered.
   *
   * @param conns connections
   * @param seconds how long
   * @param request request number → (method, uri, body)
   * @return latencies in nanoseconds of the completed requests
   * @throws InterruptedException if interrupted
   */
  long[] closedLoop(List<Conn> conns, double seconds, IntFunction<Object[]> request)
      throws InterruptedException {
    return ClosedLoop.run(
        conns.size(),
        seconds,
        i -> conns.get(i).channel.eventLoop(),
        (client, seq) -> {
          Object[] r = request.apply(seq);
          Conn c = conns.get(client);
          return c.send((HttpMethod) r[0], (String) r[1], (byte[]) r[2])
              .handle(
                  (status, err) -> {
                    if (err != null || status >= 300) {
                      throw new IllegalStateException(
                          "request failed: " + (err != null ? err : status));
                    }
                    return System.nanoTime() - c.sentNanos;
                  });
        });
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
