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

import io.nativemesh.discovery.RefusalDiagnostics;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.netty.MeshNettyContexts;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of {@code LocalForwarders}: one shared event loop group, the mesh client context,
 * and a server context per inbound forwarder. Loaded only once the public class has checked that
 * Netty and {@code nativemesh-sdk-netty} are on the class path. Thread-safe.
 */
public final class NettyForwarders implements AutoCloseable {
  private final MeshStateStore store;
  private final TlsPolicy policy;
  private final TlsEngine engine;
  private final UpstreamResolver resolver;
  private final EventLoopGroup group;
  private final ExecutorService diagnosticsExecutor;
  private final UpstreamConnector connector;

  /**
   * @param store our mesh state
   * @param policy verification policy of the TLS contexts
   * @param engine TLS engine of the contexts
   * @param resolver upstream resolution and policies
   * @param diagnostics explains refusals
   * @param threads event loop threads (≥ 1)
   */
  public NettyForwarders(
      MeshStateStore store,
      TlsPolicy policy,
      TlsEngine engine,
      UpstreamResolver resolver,
      RefusalDiagnostics diagnostics,
      int threads) {
    this.store = store;
    this.policy = policy;
    this.engine = engine;
    this.resolver = resolver;
    SslContext clientContext = MeshNettyContexts.client(store, policy, engine, false);
    this.group = Forwarding.newGroup(Math.max(1, threads), "nativemesh-forward");
    this.diagnosticsExecutor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "nativemesh-forward-diagnostics");
              t.setDaemon(true);
              return t;
            });
    this.connector =
        new UpstreamConnector(clientContext, resolver, store, diagnostics, diagnosticsExecutor);
  }

  /**
   * @param target the upstream
   * @param bind where to listen
   * @return the running listener
   * @throws IOException if the address cannot be bound
   */
  public ForwarderServer upstreamListener(UpstreamTarget target, InetSocketAddress bind)
      throws IOException {
    resolver.whenResolved(target); // start watching now
    UpstreamPolicy p = resolver.policy(target.service());
    ChannelGroup conns =
        new DefaultChannelGroup("upstream " + target, GlobalEventExecutor.INSTANCE);
    return bind(
        bind,
        true,
        conns,
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            conns.add(ch);
            ch.pipeline()
                .addLast(
                    "idle",
                    new IdleStateHandler(0, 0, p.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
            ch.pipeline().addLast("connect", new ListenerHandler(connector, target));
          }
        });
  }

  /**
   * @param meshBind where to listen for mesh peers
   * @param local the plain TCP server
   * @param timeouts connect (to {@code local}), handshake and idle timeouts
   * @param http2 true if {@code local} speaks HTTP/2: negotiate ALPN {@code h2}/{@code http/1.1};
   *     false: negotiate no application protocol (an L4 forwarder cannot vouch for one)
   * @return the running forwarder
   * @throws IOException if the address cannot be bound
   */
  public ForwarderServer inboundForwarder(
      InetSocketAddress meshBind, InetSocketAddress local, UpstreamPolicy timeouts, boolean http2)
      throws IOException {
    SslContext ctx = MeshNettyContexts.server(store, policy, engine, http2);
    ChannelGroup conns = new DefaultChannelGroup("inbound " + local, GlobalEventExecutor.INSTANCE);
    return bind(
        meshBind,
        false,
        conns,
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            conns.add(ch);
            ch.pipeline().addLast("forward", new InboundHandler(ctx, local, timeouts));
          }
        });
  }

  private ForwarderServer bind(
      InetSocketAddress addr, boolean halfClosure, ChannelGroup conns, ChannelHandler init)
      throws IOException {
    ChannelFuture f =
        new ServerBootstrap()
            .group(group)
            .channel(Forwarding.serverChannelType())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(
                ChannelOption.ALLOW_HALF_CLOSURE,
                halfClosure) // TLS children: enabled after the handshake
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Forwarding.WATER_MARK)
            .childHandler(init)
            .bind(addr)
            .awaitUninterruptibly();
    if (!f.isSuccess()) {
      throw new IOException("cannot listen on " + addr + ": " + f.cause().getMessage(), f.cause());
    }
    Channel server = f.channel();
    return new ForwarderServer() {
      @Override
      public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
      }

      @Override
      public int connections() {
        return conns.size();
      }

      @Override
      public void close() {
        server.close().awaitUninterruptibly(5_000);
        conns.close().awaitUninterruptibly(5_000);
      }
    };
  }

  /** Stops the event loop threads (waits up to 5 s) and the diagnostics thread. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    diagnosticsExecutor.shutdownNow();
  }
}
