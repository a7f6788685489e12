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

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.discovery.InboundForwarder;
import io.nativemesh.discovery.UpstreamListener;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end benchmark of issue 5 (discovery and forwarding), all four cases side by side in one
 * run, on 127.0.0.1: (a) plaintext direct; (b) the SDK's in-process mTLS ({@link MeshService#dial}
 * → an {@code SSLServerSocket} from {@link MeshService#serverSslContext()}); (c) upstream listener
 * → mTLS → inbound forwarder; (d) an HAProxy sidecar pair with leaves from the companion server's
 * CA. Reports round trips/s, p50/p99 latency, CPU per request (this JVM + HAProxy processes) and
 * bulk MB/s, with ratios against (d). The server is the same thread-per-connection {@link
 * EchoServer} in every case. Measurement rounds are interleaved (the case order rotates each round)
 * so that CPU noise from other processes spreads over all cases.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.nativemesh.bench.DiscoveryBench \
 *     [conns=1,16] [rounds=3] [warmup=1] [seconds=4] [bulkMiB=256] [bulkRounds=2] [haproxy=haproxy]
 * </pre>
 */
public final class DiscoveryBench {
  /** The compared paths. */
  public enum Case {
    /** Client → server, plain TCP. */
    A("(a) plaintext direct"),
    /** {@code MeshService.dial} → mTLS server socket. */
    B("(b) SDK in-process mTLS"),
    /** Client → upstream listener → mTLS → inbound forwarder → server. */
    C("(c) upstream listener → inbound forwarder"),
    /** Client → HAProxy → mTLS → HAProxy → server. */
    D("(d) HAProxy sidecar pair");

    final String label;

    Case(String label) {
      this.label = label;
    }
  }

  private DiscoveryBench() {}

  /** The command line (see the class comment). */
  @Command(
      name = "DiscoveryBench",
      sortOptions = false,
      description = "Discovery and forwarding: cases (a)-(d) side by side.")
  static final class Args {
    /** conns (default 1,16), rounds, warmup, seconds. */
    @Mixin BenchArgs.Rounds measure = new BenchArgs.Rounds(new int[] {1, 16}, 3, 1, 4);

    @Option(
        names = "bulkMiB",
        paramLabel = "MIB",
        description = "bytes per bulk transfer (default: ${DEFAULT-VALUE})")
    long bulkMiB = 256;

    @Option(
        names = "bulkRounds",
        paramLabel = "N",
        description = "bulk rounds (default: ${DEFAULT-VALUE})")
    int bulkRounds = 2;

    @Option(
        names = "haproxy",
        paramLabel = "PATH",
        description = "the HAProxy binary (default: ${DEFAULT-VALUE})")
    String haproxy = "haproxy";

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
    int[] conns = opt.measure.conns;
    int rounds = opt.measure.rounds;
    Duration warmup = Duration.ofSeconds(opt.measure.warmupSeconds);
    Duration measure = Duration.ofSeconds(opt.measure.seconds);
    long bulkBytes = opt.bulkMiB << 20;
    int bulkRounds = opt.bulkRounds;
    String haproxyBin = opt.haproxy;

    long began = System.nanoTime();
    try (Setup s = new Setup(haproxyBin)) {
      Thread hook = new Thread(s::close, "bench-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      Map<Case, LoadClient.Connector> c = s.connectors();
      String session = s.smoke(c);
      System.out.println(
          "setup done in " + (System.nanoTime() - began) / 1_000_000 + " ms; " + session);

      for (Case k : Case.values()) { // JIT warm-up of every path, discarded
        LoadClient.run(
            c.get(k),
            Math.max(1, conns[conns.length - 1]),
            Duration.ofSeconds(2),
            Duration.ofMillis(500),
            s.meter);
        LoadClient.bulk(c.get(k), Math.min(bulkBytes, 32L << 20), s.meter);
      }
      Map<Integer, Map<Case, List<LoadClient.Window>>> windows = new LinkedHashMap<>();
      for (int r = 0; r < rounds; r++) {
        for (int n : conns) {
          for (Case k : rotated(r)) {
            LoadClient.Window w = LoadClient.run(c.get(k), n, warmup, measure, s.meter);
            windows
                .computeIfAbsent(n, x -> new EnumMap<>(Case.class))
                .computeIfAbsent(k, x -> new ArrayList<>())
                .add(w);
            System.out.printf(
                "round %d, %2d conns, %-45s %9.0f round trips/s (other processes: %.2f cores)%n",
                r + 1,
                n,
                k.label,
                w.requests() / seconds(w.cpu().wallNanos()),
                w.cpu().foreignNanos() / (double) w.cpu().wallNanos());
          }
        }
      }
      Map<Case, List<LoadClient.Bulk>> bulks = new EnumMap<>(Case.class);
      for (int r = 0; r < bulkRounds; r++) {
        for (Case k : rotated(r)) {
          LoadClient.Bulk b = LoadClient.bulk(c.get(k), bulkBytes, s.meter);
          bulks.computeIfAbsent(k, x -> new ArrayList<>()).add(b);
          System.out.printf(
              "bulk round %d, %-45s %7.1f MB/s%n",
              r + 1, k.label, b.bytes() / 1e6 / seconds(b.cpu().wallNanos()));
        }
      }
      if (!s.haproxy.alive()) {
        throw new IllegalStateException(
            "an HAProxy process died during the run: " + s.haproxy.logs());
      }
      String env =
          String.format(
              "Java %s (%s), %d cores, %s; HAProxy: %s; (b) dial session: %s; (c) forwarder engine: %s;"
                  + " CLK_TCK %d; %d rounds × %d s per case and concurrency (after %d s warm-up on the same connections);"
                  + " bulk %d MiB × %d; whole run %d s",
              System.getProperty("java.version"),
              System.getProperty("java.vm.name"),
              Runtime.getRuntime().availableProcessors(),
              ZonedDateTime.now().withNano(0),
              haproxyVersion(haproxyBin),
              session,
              OpenSsl.isAvailable() ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK",
              s.ticks,
              rounds,
              measure.toSeconds(),
              warmup.toSeconds(),
              bulkBytes >> 20,
              bulkRounds,
              (System.nanoTime() - began) / 1_000_000_000L);
      System.out.println();
      System.out.println(DiscoveryReport.render(env, windows, bulks));
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  private static List<Case> rotated(int round) {
    List<Case> l = new ArrayList<>(List.of(Case.values()));
    Collections.rotate(l, -round);
    return l;
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String haproxyVersion(String bin) {
    try {
      Process p = new ProcessBuilder(bin, "-v").redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
      p.waitFor(5, TimeUnit.SECONDS);
      return first.replaceFirst("^HAProxy version ", "").replaceFirst(" - https.*", "");
    } catch (IOException e) {
      return "? (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  /** Everything the cases run against; {@link #close()} releases it all, HAProxy first. */
  private static final class Setup implements AutoCloseable {
    final CpuMeter meter;
    final long ticks;
    final List<AutoCloseable> resources = new ArrayList<>();
    final ConsulClient consul;
    final MeshService client;
    final EchoServer plain;
    final UpstreamListener listener;
    final HaproxyPair haproxy;
    final Path dir;
    private boolean closed;

    Setup(String haproxyBin) throws Exception {
      ticks = CpuMeter.clockTicks();
      meter = new CpuMeter(ticks);
      try {
        ConsulServer server =
            ConsulServer.start(
                ServerConfig.builder()
                    .httpPort(0)
                    .dev(true)
                    .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
                    .leafCertTtl(Duration.ofHours(24))
                    .build());
        resources.add(server);
        consul = ConsulClient.builder().address(server.httpUrl()).build();
        resources.add(consul);
        consul.intentions().upsertExact("client", "echo-b", "allow", "benchmark");
        consul.intentions().upsertExact("client", "echo-c", "allow", "benchmark");
        MeshService echoB = mesh("echo-b");
        MeshService echoC = mesh("echo-c");
        client = mesh("client");
        for (MeshService m : List.of(echoB, echoC, client)) {
          m.awaitReady(Duration.ofSeconds(30));
        }
        awaitIntentions(echoB);
        awaitIntentions(echoC);

        plain = add(EchoServer.plain());
        EchoServer tls = add(EchoServer.tls(echoB.serverSslContext()));
        echoB.register("echo-b-1", "127.0.0.1", tls.port());
        InboundForwarder inbound =
            add(
                echoC.inboundForwarder(
                    new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress("127.0.0.1", plain.port())));
        echoC.register("echo-c-1", "127.0.0.1", inbound.port());
        listener = add(client.upstreamListener("echo-c", 0));
        awaitEndpoints(client, "echo-b");
        awaitEndpoints(client, "echo-c");

        IssuedCert clientLeaf =
            consul.connectCa().leaf("client", QueryOptions.NONE).get(10, TimeUnit.SECONDS).value();
        IssuedCert serverLeaf =
            consul.connectCa().leaf("server", QueryOptions.NONE).get(10, TimeUnit.SECONDS).value();
        String roots =
            consul
                .connectCa()
                .roots(QueryOptions.NONE)
                .get(10, TimeUnit.SECONDS)
                .value()
                .roots()
                .stream()
                .map(CaRoot::rootCert)
                .map(p -> p.endsWith("\n") ? p : p + "\n")
                .collect(Collectors.joining());
        dir =
            Files.createTempDirectory(
                "nativemesh-bench-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        haproxy = new HaproxyPair(haproxyBin, dir, clientLeaf, serverLeaf, roots, plain.port());
        haproxy.pids().forEach(meter::addProcess);
      } catch (Exception | Error e) {
        close();
        throw e;
      }
    }

    private MeshService mesh(String name) {
      return add(MeshService.builder(name).consul(consul).build());
    }

    private <T extends AutoCloseable> T add(T r) {
      resources.add(r);
      return r;
    }

    private static void awaitIntentions(MeshService m) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (m.state().intentions().ordered().isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              m.serviceName() + " did not see its intentions within 10 s");
        }
        Thread.sleep(20);
      }
    }

    private static void awaitEndpoints(MeshService m, String upstream) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try {
          if (!m.upstreams().endpoints(upstream).isEmpty()) {
            return;
          }
        } catch (RuntimeException notYet) {
          // no passing instance yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(upstream + " has no passing instance after 15 s");
        }
        Thread.sleep(50);
      }
    }

    Map<Case, LoadClient.Connector> connectors() {
      Map<Case, LoadClient.Connector> m = new EnumMap<>(Case.class);
      m.put(Case.A, () -> new Socket(InetAddress.getLoopbackAddress(), plain.port()));
      m.put(Case.B, () -> client.dial("echo-b", Duration.ofSeconds(5)));
      m.put(Case.C, () -> new Socket(InetAddress.getLoopbackAddress(), listener.port()));
      m.put(Case.D, () -> new Socket(InetAddress.getLoopbackAddress(), haproxy.localPort()));
      return m;
    }

    /**
     * One round trip on every path, and a plain connection to the HAProxy mTLS port, which must get
     * no answer.
     *
     * @return the (b) session's protocol and cipher suite
     */
    String smoke(Map<Case, LoadClient.Connector> c) throws Exception {
      for (Case k : Case.values()) {
        LoadClient.Window w =
            LoadClient.run(c.get(k), 1, Duration.ZERO, Duration.ofMillis(200), meter);
        if (w.requests() == 0) {
          throw new IllegalStateException(k.label + ": no round trip in 200 ms");
        }
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), haproxy.meshPort())) {
        s.setSoTimeout(3000);
        s.getOutputStream().write(new byte[1 + EchoServer.MESSAGE]);
        InputStream in = s.getInputStream();
        byte[] b = new byte[EchoServer.MESSAGE];
        if (EchoServer.readFully(in, b, EchoServer.MESSAGE)) {
          throw new IllegalStateException("the HAProxy mTLS port answered a plaintext client");
        }
      } catch (IOException expected) {
        // refused or reset: good
      }
      try (SSLSocket s = client.dial("echo-b", Duration.ofSeconds(5))) {
        return s.getSession().getProtocol()
            + " "
            + s.getSession().getCipherSuite()
            + " (JDK SSLSocket)";
      }
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (haproxy != null) {
        haproxy.close();
      }
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          System.err.println("closing " + resources.get(i) + " failed: " + e);
        }
      }
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path p : files.toList()) {
            Files.deleteIfExists(p);
          }
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          System.err.println("could not delete " + dir + ": " + e);
        }
      }
    }
  }
}
