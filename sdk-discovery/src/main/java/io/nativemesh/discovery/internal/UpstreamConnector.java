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

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.EndpointLease;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.RefusalDiagnostics;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Opens verified mutual-TLS Netty channels to instances of an upstream, with the resolver's
 * balancing, outlier ejection, circuit breaker and Resilience4j retries on another instance. The
 * returned channel has an {@link SslHandler} (peer host {@link Endpoint#meshHost()}, so the trust
 * manager checks the service) and an idle handler, reads nothing until told to, and releases its
 * lease when it closes. Thread-safe.
 */
public final class UpstreamConnector {
  private final SslContext clientContext;
  private final UpstreamResolver resolver;
  private final MeshStateStore store;
  private final RefusalDiagnostics diagnostics;
  private final Executor blockingExecutor;

  /**
   * @param clientContext mesh client context ({@code MeshNettyContexts.client})
   * @param resolver upstream resolution
   * @param store our mesh state (identity for diagnostics)
   * @param diagnostics explains refusals (reads intentions over HTTP: runs on {@code
   *     blockingExecutor})
   * @param blockingExecutor where diagnostics run, never an event loop
   */
  public UpstreamConnector(
      SslContext clientContext,
      UpstreamResolver resolver,
      MeshStateStore store,
      RefusalDiagnostics diagnostics,
      Executor blockingExecutor) {
    this.clientContext = clientContext;
    this.resolver = resolver;
    this.store = store;
    this.diagnostics = diagnostics;
    this.blockingExecutor = blockingExecutor;
  }

  /**
   * @param target the upstream
   * @param loop the event loop the channel is to live on
   * @param channelType the socket channel class of that loop
   * @return the connected, handshaken channel (auto-read off)
   */
  public CompletableFuture<Channel> connect(
      UpstreamTarget target, EventLoop loop, Class<? extends Channel> channelType) {
    return resolver
        .whenResolved(target)
        .thenCompose(
            ignored ->
                Attempts.async(resolver, target, loop, lease -> attempt(lease, loop, channelType)));
  }

  private CompletionStage<Channel> attempt(
      EndpointLease lease, EventLoop loop, Class<? extends Channel> channelType) {
    Endpoint ep = lease.endpoint();
    UpstreamPolicy p = lease.policy();
    CompletableFuture<Channel> out = new CompletableFuture<>();
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) p.connectTimeout().toMillis())
            .option(ChannelOption.AUTO_READ, false)
            .option(
                ChannelOption.ALLOW_HALF_CLOSURE,
                false) // a FIN during the handshake must fail it at once
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Forwarding.WATER_MARK)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    SslHandler tls =
                        clientContext.newHandler(ch.alloc(), ep.meshHost(), ep.address().getPort());
                    tls.setHandshakeTimeoutMillis(p.handshakeTimeout().toMillis());
                    ch.pipeline().addLast("tls", tls);
                    ch.pipeline()
                        .addLast(
                            "idle",
                            new IdleStateHandler(
                                0, 0, p.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                  }
                });
    ChannelFuture cf = b.connect(ep.address());
    cf.addListener(
        f -> {
          if (!f.isSuccess()) {
            lease.failed(f.cause());
            lease.close();
            out.completeExceptionally(asIo(f.cause()));
            return;
          }
          Channel ch = cf.channel();
          ch.read(); // the handshake needs reads while auto-read is off
          SslHandler tls = ch.pipeline().get(SslHandler.class);
          tls.handshakeFuture()
              .addListener(
                  h -> {
                    if (h.isSuccess()) {
                      try {
                        PeerCheck.verify(tls.engine().getSession(), ep);
                        lease.connected();
                        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                        ch.closeFuture()
                            .addListener(
                                c -> lease.close()); // outstanding while the connection lives
                        out.complete(ch);
                      } catch (MeshConnectException e) {
                        lease.failed(e);
                        lease.close();
                        ch.close();
                        out.completeExceptionally(e);
                      }
                      return;
                    }
                    ch.close();
                    Throwable cause = h.cause();
                    CompletableFuture.supplyAsync(() -> explain(ep, cause), blockingExecutor)
                        .whenComplete(
                            (x, err) -> {
                              if (x != null && x.isPresent() && x.get().refusedByPeer()) {
                                lease.refused();
                                lease.close();
                                out.completeExceptionally(x.get());
                              } else {
                                lease.failed(cause);
                                lease.close();
                                out.completeExceptionally(
                                    x != null && x.isPresent() ? x.get() : asIo(cause));
                              }
                            });
                  });
        });
    return out;
  }

  private Optional<MeshConnectException> explain(Endpoint ep, Throwable cause) {
    MeshState s = store.current();
    ServiceIdentity self = s == null ? null : s.identity();
    return diagnostics.explain(self, ep, cause);
  }

  private static IOException asIo(Throwable t) {
    return t instanceof IOException io ? io : new IOException(t.toString(), t);
  }
}
