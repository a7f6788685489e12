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

import io.nativemesh.discovery.UpstreamTarget;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per accepted local connection of an upstream listener: opens a verified mTLS channel to a healthy
 * instance (retrying other instances), then relays. The local connection reads nothing until then.
 * Not sharable.
 */
public final class ListenerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ListenerHandler.class);

  private final UpstreamConnector connector;
  private final UpstreamTarget target;

  /**
   * @param connector dials the upstream
   * @param target the upstream
   */
  public ListenerHandler(UpstreamConnector connector, UpstreamTarget target) {
    this.connector = connector;
    this.target = target;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel local = ctx.channel();
    connector
        .connect(target, local.eventLoop(), Forwarding.socketChannelType())
        .whenComplete(
            (mesh, e) -> {
              if (e != null) {
                log.warn(
                    "upstream {} unreachable for local connection {}: {}",
                    target,
                    local.remoteAddress(),
                    e.getMessage());
                local.close();
                return;
              }
              local
                  .eventLoop()
                  .execute(
                      () -> {
                        if (!local.isActive()) {
                          mesh.close();
                          return;
                        }
                        local.pipeline().remove(ctx.name());
                        Relay.join(local, mesh);
                      });
            });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
