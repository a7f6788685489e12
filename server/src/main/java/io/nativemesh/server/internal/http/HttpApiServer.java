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

import io.nativemesh.server.HttpLimits;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty HTTP/1.1 listener: {@code IdleStateHandler → HttpServerCodec → ConnectionGuard →
 * BoundedAggregator → ApiHandler}. One acceptor thread and a small I/O group; no thread per request
 * or per blocking query. Thread-safe; {@link #close()} is idempotent.
 */
public final class HttpApiServer implements AutoCloseable {
  private static final int MAX_INITIAL_LINE = 8192;
  private static final int MAX_HEADER_SIZE = 16384;
  private static final int MAX_CHUNK_SIZE = 8192;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private Channel serverChannel;

  /**
   * @param ioThreads number of I/O event-loop threads
   */
  public HttpApiServer(int ioThreads) {
    this.boss =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("nativemesh-http-accept", true), NioIoHandler.newFactory());
    this.workers =
        new MultiThreadIoEventLoopGroup(
            ioThreads,
            new DefaultThreadFactory("nativemesh-http-io", true),
            NioIoHandler.newFactory());
  }

  /**
   * Binds and starts accepting.
   *
   * @param host bind address
   * @param port port, 0 for an ephemeral port
   * @param handler the shared API handler
   * @param headers common response headers (for the 408/413 answered before routing)
   * @param maxBodyBytes request body limit, bytes (larger → 413)
   * @param requestTimeout time allowed to receive one complete request
   * @param idleTimeout time after which a connection with no request in progress is closed
   * @param limits open connections allowed per client address and in total
   * @return the bound address
   * @throws IOException if the address cannot be bound
   */
  public InetSocketAddress bind(
      String host,
      int port,
      ApiHandler handler,
      ResponseHeaders headers,
      int maxBodyBytes,
      Duration requestTimeout,
      Duration idleTimeout,
      HttpLimits limits)
      throws IOException {
    ConnectionLimiter limiter =
        new ConnectionLimiter(limits.maxConnsPerClient(), limits.maxConns());
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ConnectionGuard guard = new ConnectionGuard(requestTimeout.toMillis(), headers);
                    ch.pipeline()
                        .addLast("limits", limiter)
                        .addLast(
                            "idle",
                            new IdleStateHandler(
                                idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                        .addLast("first-byte", guard.firstBytes())
                        .addLast(
                            "codec",
                            new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE))
                        .addLast("guard", guard)
                        .addLast("aggregator", new BoundedAggregator(maxBodyBytes, headers))
                        .addLast("api", handler);
                  }
                });
    try {
      serverChannel = b.bind(host, port).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding " + host + ":" + port, e);
    } catch (Exception e) {
      // Netty rethrows the bind failure (a checked exception) from sync()
      close();
      throw new IOException(
          "cannot bind HTTP listener to " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Closes the listener and all connections, waiting up to a few seconds. */
  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
