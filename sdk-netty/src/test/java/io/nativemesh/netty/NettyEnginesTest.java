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
package io.nativemesh.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.tls.Fixtures;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TestCa;
import io.nativemesh.tls.TlsPolicy;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every handshake rule on both Netty engines: the JDK's and OpenSSL (BoringSSL via netty-tcnative).
 */
class NettyEnginesTest {
  static EventLoopGroup group;
  static TestCa ca;

  @BeforeAll
  static void setUp() throws Exception {
    group = new NioEventLoopGroup(2);
    ca = new TestCa("root");
  }

  @AfterAll
  static void tearDown() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void openSslIsAvailableOnThisPlatform() {
    assertTrue(
        OpenSsl.isAvailable(), "netty-tcnative did not load: " + OpenSsl.unavailabilityCause());
  }

  static Channel server(TlsEngine engine, MeshStateStore store) throws Exception {
    SslContext ctx = MeshNettyContexts.server(store, TlsPolicy.DEFAULT, engine);
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(
                        ctx.newHandler(ch.alloc()),
                        new LineBasedFrameDecoder(1024),
                        new StringDecoder(StandardCharsets.UTF_8),
                        new StringEncoder(StandardCharsets.UTF_8),
                        new SimpleChannelInboundHandler<String>() {
                          @Override
                          protected void channelRead0(ChannelHandlerContext c, String msg) {
                            c.writeAndFlush("echo " + msg + "\n");
                          }
                        });
              }
            })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
  }

  /**
   * @return the echoed line, or the failure's message prefixed with "FAILED: "
   */
  static String call(TlsEngine engine, String service, String meshHost, int port) throws Exception {
    MeshStateStore st = new MeshStateStore();
    st.publish(Fixtures.state(1, ca, service, List.of(), false));
    SslContext ctx = MeshNettyContexts.client(st, TlsPolicy.DEFAULT, engine, false);
    CompletableFuture<String> result = new CompletableFuture<>();
    SslHandler[] ssl = new SslHandler[1];
    Channel ch =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel c) {
                    ssl[0] = ctx.newHandler(c.alloc(), meshHost, port);
                    c.pipeline()
                        .addLast(
                            ssl[0],
                            new LineBasedFrameDecoder(1024),
                            new StringDecoder(StandardCharsets.UTF_8),
                            new StringEncoder(StandardCharsets.UTF_8),
                            new SimpleChannelInboundHandler<String>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext x, String msg) {
                                result.complete(msg);
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext x, Throwable cause) {
                                result.complete("FAILED: " + chain(cause));
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext x) {
                                result.complete("FAILED: closed");
                              }
                            });
                  }
                })
            .connect("127.0.0.1", port)
            .sync()
            .channel();
    ssl[0]
        .handshakeFuture()
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ch.writeAndFlush("hi\n");
              } else {
                result.complete("FAILED: " + chain(f.cause()));
              }
            });
    try {
      return result.get(10, TimeUnit.SECONDS);
    } finally {
      ch.close();
    }
  }

  static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append(" <- ");
    }
    return sb.toString();
  }

  @Test
  void maxConnectionAgeClosesOldConnections() throws Exception {
    Channel s =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new MaxConnectionAgeHandler(Duration.ofMillis(300)));
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    try (Socket c = new Socket("127.0.0.1", ((InetSocketAddress) s.localAddress()).getPort())) {
      c.setSoTimeout(5000);
      long t0 = System.nanoTime();
      assertEquals(-1, c.getInputStream().read(), "server closed the connection");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms >= 250 && ms < 3000, "closed after " + ms + " ms");
    } finally {
      s.close().sync();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TlsEngine.class,
      names = {"JDK", "OPENSSL"})
  void rulesHoldOnEveryEnginePair(TlsEngine engine) throws Exception {
    MeshStateStore st = new MeshStateStore();
    st.publish(
        Fixtures.state(1, ca, "web", List.of(Fixtures.intention("api", "web", "allow")), false));
    Channel s = server(engine, st);
    int port = ((InetSocketAddress) s.localAddress()).getPort();
    try {
      for (TlsEngine clientEngine : new TlsEngine[] {TlsEngine.JDK, TlsEngine.OPENSSL}) {
        assertEquals(
            "echo hi",
            call(clientEngine, "api", "web.service.consul", port),
            engine + " server, " + clientEngine + " client");
        String intruder = call(clientEngine, "intruder", "web.service.consul", port);
        assertTrue(intruder.startsWith("FAILED"), intruder);
        String wrong = call(clientEngine, "api", "db.service.consul", port);
        assertTrue(wrong.contains("WRONG_SERVICE"), wrong);
        String noMeshName = call(clientEngine, "api", "127.0.0.1", port);
        assertTrue(noMeshName.startsWith("FAILED"), noMeshName);
      }
      // rotation: a new generation is served without a new context
      st.publish(
          Fixtures.state(2, ca, "web", List.of(Fixtures.intention("api", "web", "allow")), false));
      assertEquals("echo hi", call(engine, "api", "web.service.consul", port));
      st.publish(st.current().withIntentions(new IntentionMatcher("web", List.of(), false)));
      assertFalse(call(engine, "api", "web.service.consul", port).startsWith("echo"));
    } finally {
      s.close().sync();
    }
  }
}
