package io.nativemesh.discovery;

import io.nativemesh.discovery.internal.Forwarding;
import io.nativemesh.discovery.internal.InboundHandler;
import io.nativemesh.discovery.internal.ListenerHandler;
import io.nativemesh.discovery.internal.UpstreamConnector;
import io.nativemesh.tls.MeshStateStore;
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
import java.util.function.Supplier;

/**
 * Starts local forwarders on one shared Netty event loop group: {@link UpstreamListener}s (local
 * plain TCP to a mesh upstream over mTLS) and {@link InboundForwarder}s (mesh mTLS to a local plain
 * TCP server). Back-pressure, half-close (TCP FIN ⇄ TLS close_notify) and idle timeouts are handled
 * per connection. Thread-safe; {@link #close()} stops every forwarder and the threads.
 */
public final class LocalForwarders implements AutoCloseable {
  private final SslContext clientContext;
  private final Supplier<SslContext> serverContext;
  private final UpstreamResolver resolver;
  private final EventLoopGroup group;
  private final ExecutorService diagnosticsExecutor;
  private final UpstreamConnector connector;

  /**
   * @param clientContext mesh client context ({@code MeshSslContexts.nettyClient}, no ALPN)
   * @param serverContext supplies the mesh server context ({@code MeshSslContexts.nettyServer}),
   *     asked for once per inbound forwarder
   * @param resolver upstream resolution and policies
   * @param store our mesh state
   * @param diagnostics explains refusals
   * @param threads event loop threads (≥ 1)
   */
  public LocalForwarders(SslContext clientContext, Supplier<SslContext> serverContext, UpstreamResolver resolver,
                         MeshStateStore store, RefusalDiagnostics diagnostics, int threads) {
    this.clientContext = clientContext;
    this.serverContext = serverContext;
    this.resolver = resolver;
    this.group = Forwarding.newGroup(Math.max(1, threads), "nativemesh-forward");
    this.diagnosticsExecutor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "nativemesh-forward-diagnostics");
      t.setDaemon(true);
      return t;
    });
    this.connector = new UpstreamConnector(clientContext, resolver, store, diagnostics, diagnosticsExecutor);
  }

  /**
   * Listens on {@code bind} and forwards each connection to a healthy instance of {@code target}.
   * The upstream's endpoint watch starts now, so the first connection need not wait for it.
   *
   * @param target the upstream
   * @param bind where to listen, normally {@code 127.0.0.1:<port>} (port 0 picks a free one)
   * @return the running listener
   * @throws IOException if the address cannot be bound
   */
  public UpstreamListener upstreamListener(UpstreamTarget target, InetSocketAddress bind) throws IOException {
    resolver.whenResolved(target); // start watching now
    UpstreamPolicy p = resolver.policy(target.service());
    ChannelGroup conns = new DefaultChannelGroup("upstream " + target, GlobalEventExecutor.INSTANCE);
    Channel server = bind(bind, true, conns, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        conns.add(ch);
        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, p.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        ch.pipeline().addLast("connect", new ListenerHandler(connector, target));
      }
    });
    return new UpstreamListener(server, conns, target);
  }

  /**
   * Terminates mesh mTLS on {@code meshBind} and forwards authorized connections to {@code local}.
   *
   * @param meshBind where to listen for mesh peers (the registered service address and port)
   * @param local the plain TCP server, normally on 127.0.0.1
   * @param timeouts connect (to {@code local}), handshake and idle timeouts
   * @return the running forwarder
   * @throws IOException if the address cannot be bound
   */
  public InboundForwarder inboundForwarder(InetSocketAddress meshBind, InetSocketAddress local, UpstreamPolicy timeouts)
      throws IOException {
    SslContext ctx = serverContext.get();
    ChannelGroup conns = new DefaultChannelGroup("inbound " + local, GlobalEventExecutor.INSTANCE);
    Channel server = bind(meshBind, false, conns, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        conns.add(ch);
        ch.pipeline().addLast("forward", new InboundHandler(ctx, local, timeouts));
      }
    });
    return new InboundForwarder(server, conns, local);
  }

  private Channel bind(InetSocketAddress addr, boolean halfClosure, ChannelGroup conns, ChannelHandler init)
      throws IOException {
    ChannelFuture f = new ServerBootstrap().group(group).channel(Forwarding.serverChannelType())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure) // TLS children: enabled after the handshake
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Forwarding.WATER_MARK)
        .childHandler(init)
        .bind(addr).awaitUninterruptibly();
    if (!f.isSuccess()) {
      throw new IOException("cannot listen on " + addr + ": " + f.cause().getMessage(), f.cause());
    }
    return f.channel();
  }

  /** @return the client context used to dial upstreams */
  SslContext clientContext() {
    return clientContext;
  }

  /** Stops every forwarder started here and the event loop threads (waits up to 5 s). */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    diagnosticsExecutor.shutdownNow();
  }
}
