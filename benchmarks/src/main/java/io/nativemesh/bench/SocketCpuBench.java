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

import io.nativemesh.netty.MeshNettyContexts;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * CPU per small request at socket level on the SDK's Netty path (issue 4: "CPU per small request at
 * most 5 µs above plain TCP"): a Netty echo server and a Netty client, each on its own one-thread
 * NIO event loop, N persistent connections, one 64-byte request in flight per connection (closed
 * loop), over real loopback TCP. Cases, side by side in one run with the order rotating every
 * round: plain TCP; mesh mTLS on the JDK engine; mesh mTLS on the OpenSSL engine (the contexts of
 * {@link MeshNettyContexts#server} / {@link MeshNettyContexts#client} with leaves issued by the
 * companion server, intentions checked in every handshake).
 *
 * <p>CPU is read per side: the sum of {@link ThreadMXBean#getThreadCpuTime} over the server's
 * event-loop thread ("what the serving process pays per request") and the client's, plus the whole
 * JVM's CPU ({@code getProcessCpuTime}, which also holds GC and JIT) for the total. Deltas are
 * against the plain case measured in the same rounds.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.nativemesh.bench.SocketCpuBench [conns=1,16] [rounds=3] [warmup=2] [seconds=5]
 * </pre>
 */
public final class SocketCpuBench {
  private static final int SIZE = 64;

  /**
   * The request every connection sends: shared, never released (a static root, so no leak report).
   */
  private static final ByteBuf REQUEST =
      Unpooled.unreleasableBuffer(Unpooled.directBuffer(SIZE).writeZero(SIZE));

  /** The compared paths. */
  enum Case {
    PLAIN("plain TCP (Netty NIO)"),
    MESH_JDK("mesh mTLS, JDK engine"),
    MESH_OPENSSL("mesh mTLS, OpenSSL engine");

    final String label;

    Case(String label) {
      this.label = label;
    }
  }

  private SocketCpuBench() {}

  /** The command line (see the class comment). */
  @Command(
      name = "SocketCpuBench",
      sortOptions = false,
      description = "CPU per small request at socket level: plain TCP vs mesh mTLS.")
  static final class Args {
    /** conns (default 1,16), rounds, warmup, seconds. */
    @Mixin BenchArgs.Rounds measure = new BenchArgs.Rounds(new int[] {1, 16}, 3, 2, 5);

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;
  }

  /**
   * @param args {@code key=value} options (see the class comment)
   * @throws Exception if setup or a case fails
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Args opt = BenchArgs.parseOrExit(new Args(), args);
    int rounds = opt.measure.rounds;
    long warmupNanos = TimeUnit.SECONDS.toNanos(opt.measure.warmupSeconds);
    long windowNanos = TimeUnit.SECONDS.toNanos(opt.measure.seconds);
    List<Case> cases = new ArrayList<>(List.of(Case.values()));
    if (!OpenSsl.isAvailable()) {
      System.out.println(
          "OpenSSL engine not available (" + OpenSsl.unavailabilityCause() + "); skipping it");
      cases.remove(Case.MESH_OPENSSL);
    }
    System.out.printf(
        "Java %s, %d cores, %s%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        OpenSsl.isAvailable() ? OpenSsl.versionString() : "no OpenSSL");
    try (TlsMaterial material = new TlsMaterial()) {
      MeshStateStore webStore = new MeshStateStore();
      webStore.publish(material.webState());
      MeshStateStore apiStore = new MeshStateStore();
      apiStore.publish(material.apiState());
      for (int conns : opt.measure.conns) {
        Map<Case, Totals> totals = new LinkedHashMap<>();
        for (Case k : cases) {
          totals.put(k, new Totals());
        }
        for (int round = 0; round < rounds; round++) {
          for (int j = 0; j < cases.size(); j++) {
            Case k = cases.get((j + round) % cases.size());
            try (Pair pair = new Pair(k, webStore, apiStore, conns)) {
              pair.run(warmupNanos); // warm-up on the same connections
              totals.get(k).add(pair.measure(windowNanos));
            }
          }
        }
        report(conns, totals);
      }
    }
  }

  private static void report(int conns, Map<Case, Totals> totals) {
    Totals plain = totals.get(Case.PLAIN);
    System.out.printf("%n%d connection(s)%n%n", conns);
    System.out.println(
        "| case | round trips/s | server CPU µs/req | client CPU µs/req | JVM CPU µs/req | server Δ vs plain | client Δ vs plain | JVM Δ vs plain | others' CPU (cores) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (Map.Entry<Case, Totals> e : totals.entrySet()) {
      Totals t = e.getValue();
      System.out.printf(
          "| %s | %.0f | %.2f | %.2f | %.2f | %+.2f | %+.2f | %+.2f | %.2f |%n",
          e.getKey().label,
          t.rate(),
          t.serverUs(),
          t.clientUs(),
          t.jvmUs(),
          t.serverUs() - plain.serverUs(),
          t.clientUs() - plain.clientUs(),
          t.jvmUs() - plain.jvmUs(),
          t.otherCores());
    }
  }

  /** Sums of the measured windows of one case. */
  private static final class Totals {
    long requests;
    long wallNanos;
    long serverNanos;
    long clientNanos;
    long jvmNanos;
    long othersNanos;

    void add(Window w) {
      othersNanos += w.othersNanos;
      requests += w.requests;
      wallNanos += w.wallNanos;
      serverNanos += w.serverNanos;
      clientNanos += w.clientNanos;
      jvmNanos += w.jvmNanos;
    }

    double rate() {
      return requests * 1e9 / wallNanos;
    }

    double serverUs() {
      return serverNanos / 1e3 / requests;
    }

    double clientUs() {
      return clientNanos / 1e3 / requests;
    }

    double otherCores() {
      return (double) othersNanos / wallNanos;
    }

    double jvmUs() {
      return jvmNanos / 1e3 / requests;
    }
  }

  /** One measured window. */
  private record Window(
      long requests,
      long wallNanos,
      long serverNanos,
      long clientNanos,
      long jvmNanos,
      long othersNanos) {}

  /** A server and a client event loop with {@code conns} established connections between them. */
  private static final class Pair implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CpuMeter METER = new CpuMeter(CpuMeter.clockTicks());
    private static final AtomicLong GENERATION = new AtomicLong();
    private final EventLoopGroup serverLoop;
    private final EventLoopGroup clientLoop;
    private final String serverPrefix;
    private final String clientPrefix;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong completed = new AtomicLong();
    private volatile boolean running = true;

    Pair(Case k, MeshStateStore webStore, MeshStateStore apiStore, int conns) throws Exception {
      long g = GENERATION.incrementAndGet();
      serverPrefix = "bench-srv-" + g + "-";
      clientPrefix = "bench-cli-" + g + "-";
      serverLoop = new NioEventLoopGroup(1, new DefaultThreadFactory(serverPrefix));
      clientLoop = new NioEventLoopGroup(1, new DefaultThreadFactory(clientPrefix));
      TlsEngine engine = k == Case.MESH_OPENSSL ? TlsEngine.OPENSSL : TlsEngine.JDK;
      serverTls =
          k == Case.PLAIN ? null : MeshNettyContexts.server(webStore, TlsPolicy.DEFAULT, engine);
      clientTls =
          k == Case.PLAIN
              ? null
              : MeshNettyContexts.client(apiStore, TlsPolicy.DEFAULT, engine, false);
      Channel server =
          new ServerBootstrap()
              .group(serverLoop)
              .channel(NioServerSocketChannel.class)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (serverTls != null) {
                        ch.pipeline().addLast(serverTls.newHandler(ch.alloc()));
                      }
                      ch.pipeline().addLast(new Echo());
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      channels.add(server);
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      Bootstrap b =
          new Bootstrap()
              .group(clientLoop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (clientTls != null) {
                        ch.pipeline()
                            .addLast(clientTls.newHandler(ch.alloc(), "web.service.consul", port));
                      }
                      ch.pipeline().addLast(new Caller());
                    }
                  });
      for (int i = 0; i < conns; i++) {
        Channel ch = b.connect("127.0.0.1", port).sync().channel();
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        if (tls != null) {
          tls.handshakeFuture().sync();
        }
        channels.add(ch);
      }
    }

    /** Starts the closed loop on every connection and runs it for {@code nanos}. */
    void run(long nanos) throws InterruptedException {
      for (Channel ch : channels.subList(1, channels.size())) {
        ch.eventLoop().execute(() -> ch.pipeline().get(Caller.class).send(ch));
      }
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    Window measure(long nanos) throws InterruptedException {
      long r0 = completed.get();
      long s0 = cpu(serverPrefix);
      long c0 = cpu(clientPrefix);
      CpuMeter.Sample m0 = METER.sample();
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(nanos));
      CpuMeter.Sample m = m0.until(METER.sample());
      long r1 = completed.get();
      long s1 = cpu(serverPrefix);
      long c1 = cpu(clientPrefix);
      running = false;
      return new Window(r1 - r0, m.wallNanos(), s1 - s0, c1 - c0, m.jvmNanos(), m.foreignNanos());
    }

    private static long cpu(String prefix) {
      long sum = 0;
      for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        if (t != null && t.getThreadName().startsWith(prefix)) {
          sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
        }
      }
      return sum;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      for (Channel ch : channels) {
        ch.close().sync();
      }
      clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      ReferenceCountUtil.release(serverTls);
      ReferenceCountUtil.release(clientTls);
    }

    /** Server side: writes back what it reads. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.writeAndFlush(msg, ctx.voidPromise());
      }
    }

    /**
     * Client side: one 64-byte request in flight; the next goes out when all 64 bytes came back.
     */
    private final class Caller extends ChannelInboundHandlerAdapter {
      private int pending;

      void send(Channel ch) {
        pending = SIZE;
        ch.writeAndFlush(REQUEST.retainedDuplicate(), ch.voidPromise());
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        pending -= in.readableBytes();
        in.release();
        if (pending < 0) {
          throw new IllegalStateException("echo returned more bytes than sent");
        }
        if (pending == 0) {
          completed.incrementAndGet();
          if (running) {
            send(ctx.channel());
          }
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.err.println("client connection failed: " + cause);
        ctx.close();
      }
    }
  }
}
