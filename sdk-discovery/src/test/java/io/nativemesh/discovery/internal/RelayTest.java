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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.discovery.Eventually;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Relay} between two real TCP connections on 127.0.0.1: Netty channel {@code a} is connected
 * to socket {@code left}, channel {@code b} to socket {@code right}; whatever {@code left} writes,
 * {@code right} reads and back. Back-pressure, half-close, close, idle and error propagation.
 */
class RelayTest {
  private EventLoopGroup group;
  private ServerSocket leftServer;
  private ServerSocket rightServer;
  private Channel a;
  private Channel b;
  private Socket left;
  private Socket right;

  @BeforeEach
  void connect() throws Exception {
    group = Forwarding.newGroup(1, "relay-test");
    EventLoop loop = group.next();
    leftServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    rightServer = new ServerSocket();
    rightServer.setReceiveBufferSize(
        32 * 1024); // small kernel buffers on the b side: back-pressure must reach Netty
    rightServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    a = channelTo(loop, leftServer);
    left = accept(leftServer);
    b = channelTo(loop, rightServer);
    right = accept(rightServer);
    loop.submit(() -> Relay.join(a, b)).get(10, TimeUnit.SECONDS);
  }

  private static Channel channelTo(EventLoop loop, ServerSocket server)
      throws InterruptedException {
    return new Bootstrap()
        .group(loop)
        .channel(Forwarding.socketChannelType())
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Forwarding.WATER_MARK)
        .option(ChannelOption.SO_SNDBUF, 32 * 1024)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                // the relay is added by join()
              }
            })
        .connect(server.getLocalSocketAddress())
        .sync()
        .channel();
  }

  private static Socket accept(ServerSocket server) throws IOException {
    Socket s = server.accept();
    s.setSoTimeout(10_000);
    return s;
  }

  @AfterEach
  void close() throws Exception {
    left.close();
    right.close();
    leftServer.close();
    rightServer.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  private static String read(Socket s, int bytes) throws IOException {
    return new String(s.getInputStream().readNBytes(bytes), StandardCharsets.UTF_8);
  }

  private void bothClosed() throws Exception {
    assertTrue(a.closeFuture().await(10, TimeUnit.SECONDS), "channel a still open");
    assertTrue(b.closeFuture().await(10, TimeUnit.SECONDS), "channel b still open");
  }

  @Test
  void bytesFlowBothWays() throws Exception {
    send(left, "ping");
    assertEquals("ping", read(right, 4));
    send(right, "pong!");
    assertEquals("pong!", read(left, 5));
  }

  @Test
  void aSlowReaderStopsReadingFromTheOtherSideUntilItDrains() throws Exception {
    byte[] payload = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                OutputStream out = left.getOutputStream();
                for (int off = 0; off < payload.length; off += 64 * 1024) {
                  out.write(payload, off, 64 * 1024);
                }
                out.flush();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });

    // right reads nothing yet: b's outbound buffer passes the high-water mark and a stops reading
    Eventually.await(() -> !a.config().isAutoRead(), "back-pressure on a");

    byte[] got = right.getInputStream().readNBytes(payload.length);
    writer.get(10, TimeUnit.SECONDS);
    assertArrayEquals(payload, got);
    Eventually.await(() -> a.config().isAutoRead(), "a reading again after b drained");
  }

  @Test
  void endOfInputOnOneSideHalfClosesTheOtherAndThePairClosesWhenBothEnded() throws Exception {
    send(left, "request");
    left.shutdownOutput();

    InputStream fromLeft = right.getInputStream();
    assertEquals("request", read(right, 7));
    assertEquals(-1, fromLeft.read(), "right should see the FIN that left sent");
    assertTrue(a.isOpen() && b.isOpen(), "one ended direction must not close the pair");

    send(right, "late reply");
    assertEquals("late reply", read(left, 10));
    right.shutdownOutput();
    assertEquals(-1, left.getInputStream().read());
    bothClosed();
  }

  @Test
  void closingOneChannelClosesTheOther() throws Exception {
    send(left, "x");
    assertEquals("x", read(right, 1));

    b.close().sync();

    assertEquals(-1, left.getInputStream().read(), "left should see the relay close");
    bothClosed();
  }

  @Test
  void anIdleEventClosesBoth() throws Exception {
    a.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

    bothClosed();
    assertEquals(-1, right.getInputStream().read());
  }

  @Test
  void anErrorOnOneSideClosesBoth() throws Exception {
    b.pipeline().fireExceptionCaught(new IOException("connection reset by peer"));

    bothClosed();
    assertEquals(-1, left.getInputStream().read());
  }

  @Test
  void flushAndCloseClosesAnInactiveChannel() throws Exception {
    a.close().sync();
    Relay.flushAndClose(a);
    bothClosed();
  }
}
