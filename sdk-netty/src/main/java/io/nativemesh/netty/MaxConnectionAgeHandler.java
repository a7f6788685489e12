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

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection once it is older than a maximum age (plus up to 10 % jitter, so that
 * connections made together do not all close together). Established TLS connections keep the
 * certificate and authorization of their handshake; a maximum age bounds how long a rotated-out
 * leaf or a removed intention can outlive its change (cf. grpc {@code maxConnectionAge}). Put it in
 * a Netty pipeline, before the {@code SslHandler} or after it. Not sharable: one instance per
 * channel.
 *
 * @since 0.1.0
 */
public final class MaxConnectionAgeHandler extends ChannelInboundHandlerAdapter {
  private final long maxAgeNanos;

  /**
   * @param maxAge maximum connection age, positive
   * @throws IllegalArgumentException if not positive
   */
  public MaxConnectionAgeHandler(Duration maxAge) {
    if (maxAge.isZero() || maxAge.isNegative()) {
      throw new IllegalArgumentException("max connection age must be positive, was " + maxAge);
    }
    this.maxAgeNanos = maxAge.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      arm(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(ctx);
    ctx.fireChannelActive();
  }

  private void arm(ChannelHandlerContext ctx) {
    long jitter = (long) (maxAgeNanos * 0.1 * ThreadLocalRandom.current().nextDouble());
    ctx.executor()
        .schedule(
            () -> {
              ctx.close();
            },
            maxAgeNanos + jitter,
            TimeUnit.NANOSECONDS);
  }
}
