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

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The floor for the watcher fan-out of {@code ServerBench watchers}: the least any Netty HTTP/1.1
 * server has to do to answer 10,000 parked long polls, measured with the same load generator in the
 * same run. One key, no state machine, no store, no timers: {@code GET ?index=N} parks the
 * connection when {@code N} is the current index, a {@code PUT} bumps the index and writes one
 * pre-encoded response (the same bytes the companion server sends for that key: status line, the
 * {@code X-Consul-*} headers and the KV JSON) to every parked connection on its own event loop.
 * Same transport and thread count as the companion server (NIO, two I/O threads, HTTP request
 * decoder and aggregator), so the difference between the two is the companion server's own work per
 * watcher.
 *
 * <p>Not a Consul server: anything but that one key's GET and PUT is answered 404. Run as its own
 * JVM, like the companion server: {@code java -cp benchmarks.jar io.nativemesh.bench.FanoutFloor
 * <port>}.
 */
public final class FanoutFloor {
  private FanoutFloor() {}

  /** The command line: {@code <port>}. */
  @Command(
      name = "FanoutFloor",
      description = "The least a Netty HTTP server does for the watcher fan-out (a baseline).")
  static final class Args {
    @Parameters(index = "0", paramLabel = "PORT", description = "the port to listen on (127.0.0.1)")
    int port;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;
  }

  /**
   * @param args the port to listen on (127.0.0.1)
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    int port = BenchArgs.parseOrExit(new Args(), args).port;
    EventLoopGroup boss =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("floor-accept", true), NioIoHandler.newFactory());
    EventLoopGroup io =
        new MultiThreadIoEventLoopGroup(
            2, new DefaultThreadFactory("floor-io", true), NioIoHandler.newFactory());
    Handler handler = new Handler();
    new ServerBootstrap()
        .group(boss, io)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                // no response encoder: responses are written pre-encoded
                ch.pipeline()
                    .addLast(new HttpRequestDecoder(), new HttpObjectAggregator(1 << 20), handler);
              }
            })
        .bind("127.0.0.1", port)
        .sync()
        .channel()
        .closeFuture()
        .sync();
  }

  /** The single key's state; the event loops read it, a PUT replaces it. */
  @Sharable
  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final List<ChannelHandlerContext> parked = new ArrayList<>();
    private long index = 1;
    private byte[] value = new byte[0];

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      QueryStringDecoder qs = new QueryStringDecoder(req.uri());
      if (!qs.path().equals("/v1/kv/bench/watch")) {
        ctx.writeAndFlush(
            encode(404, "text/plain", "not found".getBytes(StandardCharsets.US_ASCII), 0));
        return;
      }
      if (req.method().equals(HttpMethod.PUT)) {
        byte[] v = new byte[req.content().readableBytes()];
        req.content().readBytes(v);
        List<ChannelHandlerContext> wake;
        ByteBuf response;
        long written;
        synchronized (this) {
          value = v;
          written = ++index;
          wake = new ArrayList<>(parked);
          parked.clear();
          response = current();
        }
        ctx.writeAndFlush(
            encode(200, "application/json", "true".getBytes(StandardCharsets.US_ASCII), written));
        for (ChannelHandlerContext w : wake) {
          ByteBuf r = response.retainedDuplicate();
          w.executor().execute(() -> w.writeAndFlush(r));
        }
        response.release();
        return;
      }
      List<String> idx = qs.parameters().get("index");
      synchronized (this) {
        if (idx != null && Long.parseLong(idx.get(0)) >= index) {
          parked.add(ctx);
          return;
        }
        ctx.writeAndFlush(current());
      }
    }

    private ByteBuf current() {
      String body =
          String.format(
              Locale.ROOT,
              "[{\"LockIndex\":0,\"Key\":\"bench/watch\",\"Flags\":0,\"Value\":\"%s\","
                  + "\"CreateIndex\":%d,\"ModifyIndex\":%d}]",
              Base64.getEncoder().encodeToString(value),
              index,
              index);
      return encode(200, "application/json", body.getBytes(StandardCharsets.US_ASCII), index);
    }

    private static ByteBuf encode(int status, String contentType, byte[] body, long index) {
      String head =
          String.format(
              Locale.ROOT,
              "HTTP/1.1 %d %s\r\ncontent-type: %s\r\ncontent-length: %d\r\n"
                  + "X-Consul-KnownLeader: true\r\nX-Consul-LastContact: 0\r\nX-Consul-Default-ACL-Policy: allow\r\n"
                  + "X-Consul-Index: %d\r\n\r\n",
              status,
              status == 200 ? "OK" : "Not Found",
              contentType,
              body.length,
              index);
      return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    }
  }
}
