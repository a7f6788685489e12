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

import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshState;
import io.nativemesh.vertx.MeshAddress;
import io.nativemesh.vertx.VertxMesh;
import io.nativemesh.vertx.internal.MeshServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.Address;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vert.x HTTP server and client over mutual TLS (issue 14): mesh options ({@code VertxMesh}: the
 * mesh key and trust managers) against the same Vert.x server and client with static PEM {@code
 * KeyCertOptions} / {@code TrustOptions} of the same key, chain and root, side by side in one run,
 * on the JDK and the OpenSSL engine. 16 persistent HTTP/1.1 connections, one 64-byte POST in flight
 * per connection (closed loop), 64-byte answers, real loopback sockets, one Vert.x instance. A
 * third case, {@code mesh+resolver}, sends the requests to {@code MeshAddress.of("web")} through
 * {@code VertxMesh.httpClient()} (address resolver and the SDK's balancer) instead of a fixed
 * address.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.nativemesh.bench.VertxBench [seconds]
 * [rounds]} (defaults 5 and 3); each round runs every case once, in rotating order, after one
 * warm-up round.
 */
public final class VertxBench {
  private static final int CONNECTIONS = 16;
  private static final byte[] PAYLOAD = new byte[64];

  private VertxBench() {}

  /** Requests/s and latencies of one measured run. */
  private record Result(double rps, long p50, long p99) {}

  /**
   * @param args seconds per case and rounds
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (TlsMaterial m = new TlsMaterial()) {
      Vertx vertx = Vertx.vertx();
      try {
        StringBuilder table = new StringBuilder();
        table.append(
            "| engine | case | requests/s | p50 µs | p99 µs | requests/s vs static | p99 vs static |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String e : System.getProperty("bench.engines", "JDK,OPENSSL").split(",")) {
          TlsEngine engine = TlsEngine.valueOf(e);
          table.append(runEngine(vertx, m, engine, seconds, rounds));
        }
        System.out.println();
        System.out.print(table);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String runEngine(
      Vertx vertx, TlsMaterial m, TlsEngine engine, int seconds, int rounds) throws Exception {
    VertxMesh web = VertxMesh.create(vertx, m.web).engine(engine);
    VertxMesh api = VertxMesh.create(vertx, m.api).engine(engine);
    MeshState ws = m.webState();
    MeshState as = m.apiState();

    HttpServer meshServer = listen(vertx, web.httpServerOptions());
    HttpServerOptions staticOptions =
        new HttpServerOptions()
            .setSsl(true)
            .setUseAlpn(true)
            .setClientAuth(ClientAuth.REQUIRED)
            .setKeyCertOptions(pemKeyCert(ws))
            .setTrustOptions(pemTrust(ws))
            .setSslEngineOptions(VertxMesh.sslEngineOptions(engine));
    HttpServer staticServer = listen(vertx, staticOptions);
    String instance = "web-bench-" + engine;
    web.register(instance, "127.0.0.1", meshServer.actualPort())
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!m.api.upstreams().endpoints("web").stream()
        .map(e -> e.instanceId())
        .toList()
        .equals(List.of(instance))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("web instance " + instance + " never passing alone");
      }
      Thread.sleep(50);
    }

    PoolOptions pool = new PoolOptions().setHttp1MaxSize(CONNECTIONS);
    HttpClient meshClient = vertx.createHttpClient(api.httpClientOptions(), pool);
    HttpClient staticClient =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setSsl(true)
                .setVerifyHost(false)
                .setKeyCertOptions(pemKeyCert(as))
                .setTrustOptions(pemTrust(as))
                .setSslEngineOptions(VertxMesh.sslEngineOptions(engine)),
            pool);
    HttpClient resolverClient =
        vertx
            .httpClientBuilder()
            .with(api.httpClientOptions())
            .with(pool)
            .withAddressResolver(api.addressResolver())
            .withLoadBalancer(
                "vertx".equals(System.getProperty("bench.lb"))
                    ? io.vertx.core.net.endpoint.LoadBalancer.ROUND_ROBIN
                    : "least".equals(System.getProperty("bench.lb"))
                        ? io.vertx.core.net.endpoint.LoadBalancer.LEAST_REQUESTS
                        : api.loadBalancer())
            .build();
    // the mesh client dials web under its mesh host name, so its trust manager checks web's
    // identity
    Address meshAddr =
        MeshServer.socketAddress(
            "web.service.consul", new InetSocketAddress("127.0.0.1", meshServer.actualPort()));
    Address staticAddr =
        io.vertx.core.net.SocketAddress.inetSocketAddress(staticServer.actualPort(), "127.0.0.1");

    Map<String, List<Result>> results = new LinkedHashMap<>();
    String[] cases = System.getProperty("bench.cases", "static,mesh,mesh+resolver").split(",");
    for (String c : cases) {
      results.put(c, new ArrayList<>());
    }
    for (int round = 0; round <= rounds; round++) {
      for (int i = 0; i < cases.length; i++) {
        String c = cases[(i + round) % cases.length];
        HttpClient client =
            switch (c) {
              case "static" -> staticClient;
              case "mesh" -> meshClient;
              default -> resolverClient;
            };
        Address to =
            switch (c) {
              case "static" -> staticAddr;
              case "mesh" -> meshAddr;
              default -> MeshAddress.of("web");
            };
        Result r = run(vertx, client, to, round == 0 ? 2 : seconds);
        if (round > 0) {
          results.get(c).add(r);
          System.out.printf(
              Locale.ROOT,
              "%s round %d %s: %.0f req/s, p50 %d µs, p99 %d µs%n",
              engine,
              round,
              c,
              r.rps(),
              r.p50() / 1000,
              r.p99() / 1000);
        }
      }
    }
    Result base = median(results.getOrDefault("static", results.get(cases[0])));
    StringBuilder rows = new StringBuilder();
    for (String c : cases) {
      Result r = median(results.get(c));
      rows.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.0f | %d | %d | %.2f | %.2f |%n",
              engine,
              c,
              r.rps(),
              r.p50() / 1000,
              r.p99() / 1000,
              r.rps() / base.rps(),
              (double) r.p99() / base.p99()));
    }
    meshClient.close();
    staticClient.close();
    resolverClient.close();
    m.consul.agent().deregister(instance);
    meshServer.close();
    staticServer.close();
    return rows.toString();
  }

  private static Result median(List<Result> rs) {
    double[] rps = rs.stream().mapToDouble(Result::rps).sorted().toArray();
    long[] p50 = rs.stream().mapToLong(Result::p50).sorted().toArray();
    long[] p99 = rs.stream().mapToLong(Result::p99).sorted().toArray();
    int mid = rs.size() / 2;
    return new Result(rps[mid], p50[mid], p99[mid]);
  }

  private static HttpServer listen(Vertx vertx, HttpServerOptions o) throws Exception {
    return vertx
        .createHttpServer(o)
        .requestHandler(
            req -> req.body().onSuccess(b -> req.response().end(Buffer.buffer(PAYLOAD))))
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  private static Result run(Vertx vertx, HttpClient client, Address to, int seconds)
      throws Exception {
    // every loop on one event-loop context: started from the main thread, each request got a
    // context of its own and the loops' requests and the pool's connections sat on different event
    // loops; in that mix a loop now and then never got its callback (not even the idle timeout)
    io.vertx.core.Context loopContext = vertx.getOrCreateContext();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[][] lat = new long[CONNECTIONS][];
    int[] n = new int[CONNECTIONS];
    CountDownLatch finished = new CountDownLatch(CONNECTIONS);
    for (int i = 0; i < CONNECTIONS; i++) {
      lat[i] = new long[1 << 16];
      int slot = i;
      Runnable[] next = new Runnable[1];
      next[0] =
          () -> {
            if (stop.get()) {
              finished.countDown();
              return;
            }
            long t0 = System.nanoTime();
            Future<Buffer> f =
                client
                    .request(
                        new RequestOptions()
                            .setServer(to)
                            .setMethod(HttpMethod.POST)
                            .setURI("/")
                            .setConnectTimeout(5_000)
                            .setIdleTimeout(5_000))
                    .compose(
                        req ->
                            req.send(
                                Buffer.buffer(PAYLOAD))) // a Buffer is not shared between requests
                    .compose(resp -> resp.body());
            f.onComplete(
                ar -> {
                  if (ar.succeeded()) {
                    done.incrementAndGet();
                    if (n[slot] == lat[slot].length) {
                      lat[slot] = Arrays.copyOf(lat[slot], lat[slot].length * 2);
                    }
                    lat[slot][n[slot]++] = System.nanoTime() - t0;
                  } else if (failed.incrementAndGet() == 1) {
                    System.out.println("first failure: " + ar.cause());
                  }
                  // next turn of the event loop: a request that fails at once must not recurse
                  loopContext.runOnContext(v -> next[0].run());
                });
          };
      loopContext.runOnContext(v -> next[0].run());
    }
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    long elapsed = System.nanoTime() - start;
    if (!finished.await(90, TimeUnit.SECONDS) || done.get() == 0) {
      throw new IllegalStateException(
          "requests stalled: " + done.get() + " done, " + finished.getCount() + " loops stuck");
    }
    if (failed.get() > 0) {
      // no connection or no answer within 5 s: counted, not fatal; see docs/benchmarks.md
      System.out.println(failed.get() + " requests failed");
    }
    int total = 0;
    for (int c : n) {
      total += c;
    }
    long[] all = new long[total];
    int k = 0;
    for (int i = 0; i < CONNECTIONS; i++) {
      System.arraycopy(lat[i], 0, all, k, n[i]);
      k += n[i];
    }
    Arrays.sort(all);
    return new Result(
        done.get() * 1e9 / elapsed, all[(int) (total * 0.50)], all[(int) (total * 0.99)]);
  }

  private static PemKeyCertOptions pemKeyCert(MeshState s) {
    StringBuilder chain = new StringBuilder();
    for (X509Certificate c : s.chain()) {
      chain.append(pem("CERTIFICATE", encoded(c)));
    }
    return new PemKeyCertOptions()
        .setKeyValue(Buffer.buffer(pem("PRIVATE KEY", s.privateKey().getEncoded())))
        .setCertValue(Buffer.buffer(chain.toString()));
  }

  private static PemTrustOptions pemTrust(MeshState s) {
    PemTrustOptions t = new PemTrustOptions();
    for (X509Certificate r : s.trust().roots()) {
      t.addCertValue(Buffer.buffer(pem("CERTIFICATE", encoded(r))));
    }
    return t;
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
