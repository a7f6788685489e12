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
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open connections per client IP address and in total, and refuses a connection over either
 * limit as soon as it is accepted: {@code 429 Too Many Requests} over the per-client limit (Consul:
 * {@code limits.http_max_conns_per_client}), {@code 503 Service Unavailable} over the overall one,
 * then close. Without it, one client holding 1,000 slow connections exhausted the process's file
 * descriptors. One instance per listener, shared by every connection; thread-safe.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
  private static final AttributeKey<InetAddress> COUNTED =
      AttributeKey.valueOf("nativemesh.countedAddress");

  private final int perClient;
  private final int total;
  private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
  private final AtomicInteger all = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();

  /**
   * @param perClient open connections allowed per client address (≥ 1)
   * @param total open connections allowed in total (≥ 1)
   */
  public ConnectionLimiter(int perClient, int total) {
    this.perClient = perClient;
    this.total = total;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    int[] n = new int[1];
    open.compute(
        client,
        (k, v) -> {
          AtomicInteger c = v == null ? new AtomicInteger() : v;
          n[0] = c.incrementAndGet();
          return c;
        });
    int t = all.incrementAndGet();
    ctx.channel().attr(COUNTED).set(client);
    if (n[0] > perClient) {
      refuse(
          ctx,
          "429 Too Many Requests",
          "Too many connections from "
              + client.getHostAddress()
              + ": at most "
              + perClient
              + " (limits.http_max_conns_per_client)");
      return;
    }
    if (t > total) {
      refuse(
          ctx,
          "503 Service Unavailable",
          "Too many connections: at most " + total + " in total (limits.http_max_conns)");
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    InetAddress client = ctx.channel().attr(COUNTED).getAndSet(null);
    if (client != null) {
      all.decrementAndGet();
      open.computeIfPresent(client, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }
    super.channelInactive(ctx);
  }

  private void refuse(ChannelHandlerContext ctx, String status, String reason) {
    if (refusals.getAndIncrement() % 1000 == 0) {
      LOG.warn("refusing HTTP connections: {} (logged once per 1000 refusals)", reason);
    }
    byte[] body = reason.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    // raw bytes: the codec is after this handler and no request has been read
    ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
        .addListener(ChannelFutureListener.CLOSE);
    ctx.channel().config().setAutoRead(false);
  }

  /**
   * @return open connections (tests, metrics)
   */
  public int open() {
    return all.get();
  }
}
