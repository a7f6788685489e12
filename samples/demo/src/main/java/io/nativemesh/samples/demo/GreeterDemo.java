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
package io.nativemesh.samples.demo;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.GoDuration;
import io.nativemesh.samples.greeter.GreeterService;
import io.nativemesh.samples.greeter.IntruderClient;
import io.nativemesh.samples.greeter.Sample;
import io.nativemesh.samples.greeter.WordService;
import io.nativemesh.samples.vertxname.VertxNameService;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the greeter mesh as real processes: the companion server ({@code agent -dev}, default
 * intention policy deny, leaf TTL of a few seconds), then {@code greeting}, {@code name} (two
 * instances: {@code name-1} on the plain SDK, {@code name-2} on Vert.x) and {@code greeter}, each a
 * separate JVM with its own leaf certificate. It allows greeter → greeting and greeter → name,
 * calls greeter continuously (each answer printed), lets {@code intruder} try to call greeting (the
 * refusal and its reason printed), and stops everything. Rotations are printed by the services.
 *
 * <p>With {@code -servers 3} (or 5) the companion server is a Raft cluster of that many server
 * processes (issuing 30 s leaves under {@code -allow-short-leaf-cert-ttl}) and every service gets
 * all their addresses (a comma-separated {@code CONSUL_HTTP_ADDR}); {@code -kill-leader-every 10s}
 * then {@code kill -9}s the current leader at that interval while greeter is called, prints how
 * long the others took to name a new leader, and restarts the killed server on its data directory.
 *
 * <p>{@code java -jar samples/demo/target/nativemesh-demo.jar [-duration 30s] [-leaf-cert-ttl 6s]
 * [-servers 3 [-kill-leader-every 10s]]}; exits non-zero if any call failed (or a leader kill left
 * the cluster without a new leader).
 */
public final class GreeterDemo {
  /** Every port {@link #freePort()} handed out in this process. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private final List<Process> children = new ArrayList<>();
  private final String jar;
  private boolean stopped;
  private volatile DemoCluster cluster;

  private GreeterDemo(String jar) {
    this.jar = jar;
  }

  /** The command line: {@code -duration 30s -leaf-cert-ttl 6s}. */
  @Command(
      name = "nativemesh-demo",
      sortOptions = false,
      description =
          "Runs the greeter mesh as real processes, calls it, and stops everything; exits 1 if any call failed.")
  static final class Main implements Callable<Integer> {
    @Option(
        names = "-duration",
        defaultValue = "30s",
        description = "how long to call greeter, Go duration (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
        names = "-leaf-cert-ttl",
        paramLabel = "<duration>",
        description =
            "leaf certificate TTL the server issues, Go duration (default: 6s; with -servers 3 or 5: 30s, on servers started with -allow-short-leaf-cert-ttl)")
    Duration leafCertTtl;

    @Option(
        names = "-servers",
        defaultValue = "1",
        paramLabel = "<n>",
        description =
            "companion servers: 1 (a -dev server) or a Raft cluster of 3 or 5 (default: ${DEFAULT-VALUE})")
    int servers;

    @Option(
        names = "-kill-leader-every",
        paramLabel = "<duration>",
        description =
            "with -servers 3 or 5: kill -9 the leader at this interval while calling greeter, then restart it (Go duration; default: never)")
    Duration killLeaderEvery;

    @Option(
        names = {"-h", "-help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (servers != 1 && servers != 3 && servers != 5) {
        throw new ParameterException(
            spec.commandLine(), "-servers must be 1, 3 or 5, not " + servers);
      }
      if (killLeaderEvery != null
          && (servers == 1 || killLeaderEvery.isNegative() || killLeaderEvery.isZero())) {
        throw new ParameterException(
            spec.commandLine(),
            servers == 1
                ? "-kill-leader-every needs -servers 3 or 5 (one server has no leader to replace)"
                : "-kill-leader-every must be positive, not " + GoDuration.format(killLeaderEvery));
      }
      Duration ttl = leafCertTtl != null ? leafCertTtl : Duration.ofSeconds(servers == 1 ? 6 : 30);
      String jar =
          new File(GreeterDemo.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .getPath();
      GreeterDemo demo = new GreeterDemo(jar);
      Runtime.getRuntime().addShutdownHook(new Thread(demo::stopAll));
      int failures;
      try {
        failures = demo.run(duration, GoDuration.format(ttl), servers, killLeaderEvery);
      } finally {
        demo.stopAll();
      }
      return failures == 0 ? 0 : 1;
    }
  }

  /**
   * @param args {@code -duration 30s}, {@code -leaf-cert-ttl 6s}, {@code -servers 3}, {@code
   *     -kill-leader-every 10s}; {@code -help} lists them
   */
  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty(
          "org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the demo's own output is the story
    }
    System.exit(Sample.execute(new Main(), args));
  }

  private int run(Duration duration, String ttl, int servers, Duration killLeaderEvery)
      throws Exception {
    int greeterPort = freePort();
    List<String> serverFlags = List.of("-default-intention-policy", "deny", "-leaf-cert-ttl", ttl);
    // a cluster is not in dev mode: seconds-long leaves (rotations during leader kills) need the
    // explicit test-and-demo flag; Consul's minimum outside dev mode is 1 h
    List<String> clusterFlags = new ArrayList<>(serverFlags);
    clusterFlags.add("-allow-short-leaf-cert-ttl");
    OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    String addr;
    if (servers == 1) {
      int consulPort = freePort();
      addr = "127.0.0.1:" + consulPort;
      say(
          "starting the companion server on "
              + addr
              + " (default intention policy deny, leaf TTL "
              + ttl
              + ")");
      List<String> args = new ArrayList<>(List.of("agent", "-dev", "-http-port", "" + consulPort));
      args.addAll(serverFlags);
      start("server", addr, "io.nativemesh.server.Launcher", args.toArray(String[]::new));
      waitFor(http, "http://" + addr + "/v1/status/leader", Duration.ofSeconds(30));
    } else {
      cluster =
          new DemoCluster(
              servers,
              clusterFlags,
              (name, args, replacing) ->
                  spawn(name, "", "io.nativemesh.server.Launcher", args, replacing));
      addr = cluster.addresses();
      say(
          "starting a Raft cluster of "
              + servers
              + " companion servers (default intention policy deny, leaf TTL "
              + ttl
              + "); the services get all their addresses");
      cluster.describe().forEach(GreeterDemo::say);
      cluster.start();
      say("leader: " + cluster.awaitLeader(Duration.ofSeconds(90)));
    }
    try (ConsulClient consul = ConsulClient.builder().address(addr).build()) {
      consul.intentions().upsertExact("greeter", "greeting", "allow", "demo");
      consul.intentions().upsertExact("greeter", "name", "allow", "demo");
      say(
          "intentions: greeter => greeting allow, greeter => name allow; everything else denied by default");
      start(
          "greeting-1",
          addr,
          WordService.class.getName(),
          "-service",
          "greeting",
          "-instance",
          "greeting-1");
      start("name-1", addr, WordService.class.getName(), "-service", "name", "-instance", "name-1");
      // a second name instance on Vert.x (samples/vertx-name): greeter balances over both
      start("name-2", addr, VertxNameService.class.getName(), "-instance", "name-2");
      start(
          "greeter-1",
          addr,
          GreeterService.class.getName(),
          "-instance",
          "greeter-1",
          "-port",
          String.valueOf(greeterPort));
      String url = "http://127.0.0.1:" + greeterPort + "/";
      waitFor(http, url, Duration.ofSeconds(60));
      say("calling " + url + " for " + duration.toSeconds() + " s");
      int ok = 0;
      int failed = 0;
      boolean intruderTried = false;
      long begin = System.nanoTime();
      long end = begin + duration.toNanos();
      Thread killer = null;
      if (killLeaderEvery != null) {
        say("killing the leader every " + GoDuration.format(killLeaderEvery));
        DemoCluster c = cluster;
        killer = new Thread(() -> c.killLeaderEvery(killLeaderEvery, begin), "leader-killer");
        killer.setDaemon(true);
        killer.start();
      }
      while (System.nanoTime() < end) {
        try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
          String body = r.body().string();
          if (r.code() == 200) {
            ok++;
            say("call " + (ok + failed) + ": " + body);
          } else {
            failed++;
            say("call " + (ok + failed) + " FAILED: " + r.code() + " " + body);
          }
        } catch (IOException e) {
          failed++;
          say("call " + (ok + failed) + " FAILED: " + e);
        }
        if (!intruderTried && System.nanoTime() > end - duration.toNanos() / 2) {
          intruderTried = true;
          say("intruder (valid mesh certificate, no intention) calls greeting ...");
          say("intruder: " + IntruderClient.tryGreeting(consul));
          say("intruder calls each name instance (name-1 plain SDK, name-2 Vert.x) ...");
          for (String line : IntruderClient.tryEachInstance(consul, "name")) {
            say("intruder -> " + line);
          }
          say(
              "why? while the demo runs: java -jar cli/target/nativemesh.jar -http-addr "
                  + addr
                  + " troubleshoot upstream intruder greeting");
        }
        Thread.sleep(500);
      }
      int noLeader = 0;
      if (killer != null) {
        cluster.finishKills(); // a kill in progress still reports its new leader
        killer.join(TimeUnit.SECONDS.toMillis(45));
        List<DemoCluster.Kill> kills = cluster.kills();
        say("leader kills: " + kills.size());
        for (DemoCluster.Kill k : kills) {
          say("  " + k);
          noLeader += k.newLeader().isEmpty() ? 1 : 0;
        }
      }
      say(String.format("done: %d calls succeeded, %d failed", ok, failed));
      return failed + noLeader;
    }
  }

  private void start(String name, String consulAddr, String main, String... args)
      throws IOException {
    spawn(name, consulAddr, main, List.of(args), null);
  }

  /**
   * Starts a child JVM whose output is printed with its name, and adds it to the processes stopped
   * at the end (in the place of {@code replacing}, a killed server, if given).
   */
  private Process spawn(
      String name, String consulAddr, String main, List<String> args, Process replacing)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.showThreadName=false",
                // a cluster server's Raft engine logs each request a killed leader broke, with
                // its stack trace; the demo's story is the calls and the kills
                "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=off",
                "-cp",
                jar,
                main));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CONSUL_HTTP_ADDR", consulAddr);
    Process p;
    synchronized (children) {
      if (stopped) {
        throw new IOException("the demo is stopping");
      }
      p = pb.start();
      int i = replacing == null ? -1 : children.indexOf(replacing);
      if (i >= 0) {
        children.set(i, p); // servers stay first: stopped after the services
      } else {
        children.add(p);
      }
    }
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  System.out.println(line.startsWith("[") ? line : "[" + name + "] " + line);
                }
              } catch (IOException e) {
                // process ended
              }
            },
            "pump-" + name);
    pump.setDaemon(true);
    pump.start();
    return p;
  }

  private void stopAll() {
    if (cluster != null) {
      cluster.stop();
    }
    synchronized (children) {
      stopped = true;
      for (int i = children.size() - 1; i >= 0; i--) {
        Process p = children.get(i);
        p.destroy(); // SIGTERM: services deregister, the server shuts down cleanly
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.destroyForcibly();
        }
      }
      if (!children.isEmpty()) {
        say("stopped " + children.size() + " processes");
      }
      children.clear();
    }
    if (cluster != null) {
      cluster.deleteData();
    }
  }

  private static void waitFor(OkHttpClient http, String url, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
        if (r.code() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + " did not answer within " + timeout);
  }

  /**
   * A free loopback port that this process never handed out before: the kernel may offer a port
   * again once its probe socket is closed, and two servers given one port fail to start (the
   * greeter demo once gave s1 and s3 the same HTTP port).
   */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (HANDED_OUT.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    }
    throw new IOException("no loopback port that was not handed out already in 100 attempts");
  }

  private static String javaBin() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  static void say(String s) {
    System.out.println("[demo] " + s);
  }
}
