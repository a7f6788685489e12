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
package io.nativemesh.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.MeshService;
import io.nativemesh.server.internal.ca.Pem;
import io.nativemesh.tls.MeshState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's serving cost and start-up cost, measured side by side in one run (bench profile
 * only). Throughput: {@link BenchApp} ({@code POST /echo}, 64-byte bodies) on Spring MVC / Tomcat
 * and on WebFlux / Reactor Netty, served (a) with {@code server.ssl.bundle=nativemesh} and the
 * starter (per-request intentions included) and (b) with the starter off ({@code
 * nativemesh.enabled=false}) and a static PEM bundle of the same key and chain (the leaf (a) was
 * served with, exported), client certificates required in both; {@link EchoLoad}: 16 keep-alive
 * connections presenting a mesh leaf; the cases alternate, {@code bench.runs} times each. Start-up:
 * a new JVM per start, milliseconds from JVM start to {@code ApplicationReadyEvent} of {@link
 * BenchApp} on Tomcat, with the starter (mesh bundle, leaf fetched, registered) and without it
 * (starter off, static PEM bundle), alternating. Prints a report; asserts only that every case
 * served.
 */
@Tag("bench")
public abstract class AbstractBundleBenchmark {
  /**
   * @return the line's Reactor Netty server factory configuration (see {@link AbstractServingTest})
   */
  protected abstract Class<?> reactorNettyServer();

  /**
   * @return the Boot line, for the report
   */
  protected abstract String line();

  private static final int CONNECTIONS = 16;

  @Test
  void nativemeshBundleVsStaticPemBundle() throws Exception {
    int runs = Integer.getInteger("bench.runs", 3);
    Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 3));
    Duration measure = Duration.ofSeconds(Long.getLong("bench.measure", 5));
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "Spring Boot %s, %d connections, %d-byte bodies, %d runs x (%ds warm-up + %ds)%n",
            line(),
            CONNECTIONS,
            EchoLoad.BODY,
            runs,
            warmup.toSeconds(),
            measure.toSeconds()));
    try (MeshTestServer mesh = new MeshTestServer(Duration.ofHours(1))) {
      mesh.allow("loadgen", "web");
      SSLContext client = RawTlsClient.context(mesh.service("loadgen"));
      Path pem = Files.createTempDirectory("nativemesh-bench");
      for (WebApplicationType type :
          List.of(WebApplicationType.SERVLET, WebApplicationType.REACTIVE)) {
        List<EchoLoad.Result> meshRuns = new ArrayList<>();
        List<EchoLoad.Result> staticRuns = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
          try (ConfigurableApplicationContext ctx = start(type, meshProperties(mesh))) {
            export(ctx.getBean(MeshService.class).state(), pem);
            meshRuns.add(EchoLoad.run(client, port(ctx), CONNECTIONS, warmup, measure));
          }
          try (ConfigurableApplicationContext ctx = start(type, staticProperties(pem))) {
            staticRuns.add(EchoLoad.run(client, port(ctx), CONNECTIONS, warmup, measure));
          }
        }
        report.append(
            summary(
                type == WebApplicationType.SERVLET ? "MVC/Tomcat" : "WebFlux/Netty",
                meshRuns,
                staticRuns));
      }
      List<Long> with = new ArrayList<>();
      List<Long> without = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        with.add(startupMillis(meshProperties(mesh)));
        without.add(startupMillis(staticProperties(pem)));
      }
      long w = median(with);
      long wo = median(without);
      report.append(
          String.format(
              Locale.ROOT,
              "start-up to ready (Tomcat, new JVM, median of %d): with the starter %d ms, without"
                  + " %d ms, difference %+d ms (runs %s vs %s)%n",
              runs,
              w,
              wo,
              w - wo,
              with,
              without));
    }
    System.out.println(report);
    Files.writeString(Path.of("target", "bundle-benchmark-" + line() + ".txt"), report.toString());
  }

  private static Map<String, Object> meshProperties(MeshTestServer mesh) {
    Map<String, Object> p = new HashMap<>(mesh.springProperties("web"));
    p.put("server.ssl.bundle", "nativemesh");
    return p;
  }

  private static Map<String, Object> staticProperties(Path pem) {
    Map<String, Object> p = new HashMap<>();
    p.put("spring.application.name", "web");
    p.put("nativemesh.enabled", "false");
    p.put(
        "spring.ssl.bundle.pem.static.keystore.certificate",
        pem.resolve("chain.pem").toUri().toString());
    p.put(
        "spring.ssl.bundle.pem.static.keystore.private-key",
        pem.resolve("key.pem").toUri().toString());
    p.put(
        "spring.ssl.bundle.pem.static.truststore.certificate",
        pem.resolve("roots.pem").toUri().toString());
    p.put("server.ssl.bundle", "static");
    p.put("server.ssl.client-auth", "need");
    return p;
  }

  private ConfigurableApplicationContext start(WebApplicationType type, Map<String, Object> extra) {
    Map<String, Object> p = new HashMap<>(extra);
    p.put("server.port", "0");
    p.put("server.address", "127.0.0.1");
    p.put("logging.level.root", "warn");
    // Tomcat closes a connection after 100 requests by default; the load keeps its connections
    p.put("server.tomcat.max-keep-alive-requests", "-1");
    SpringApplicationBuilder app = new SpringApplicationBuilder(BenchApp.class);
    if (type == WebApplicationType.REACTIVE) {
      app.sources(reactorNettyServer(), BenchSecurity.ReactiveOpen.class);
    } else {
      app.sources(BenchSecurity.ServletOpen.class);
    }
    return app.web(type).properties(p).run();
  }

  private static int port(ConfigurableApplicationContext ctx) {
    return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
  }

  /** Writes the served leaf, its key and the roots as PEM files (the static bundle's material). */
  private static void export(MeshState s, Path dir) throws Exception {
    StringBuilder chain = new StringBuilder();
    for (X509Certificate c : s.chain()) {
      chain.append(Pem.certificate(c));
    }
    StringBuilder roots = new StringBuilder();
    for (X509Certificate c : s.trust().roots()) {
      roots.append(Pem.certificate(c));
    }
    Files.writeString(dir.resolve("chain.pem"), chain);
    Files.writeString(dir.resolve("roots.pem"), roots);
    Files.writeString(
        dir.resolve("key.pem"),
        Pem.privateKey(new KeyPair(s.chain()[0].getPublicKey(), s.privateKey())));
  }

  /** Starts {@link BenchApp} in a new JVM on this class path; its READY line. */
  private static long startupMillis(Map<String, Object> props) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchApp.class.getName());
    props.forEach((k, v) -> cmd.add(k + "=" + v));
    cmd.add("server.port=0");
    cmd.add("server.address=127.0.0.1");
    cmd.add("logging.level.root=warn");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder out = new StringBuilder();
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        if (l.startsWith("READY ")) {
          p.waitFor();
          return Long.parseLong(l.substring(6).trim());
        }
        out.append(l).append('\n');
      }
      throw new AssertionError("no READY line:\n" + out);
    } finally {
      p.destroyForcibly();
    }
  }

  private static long median(List<Long> l) {
    List<Long> s = new ArrayList<>(l);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  private static String summary(
      String name, List<EchoLoad.Result> mesh, List<EchoLoad.Result> stat) {
    double mRps = median(mesh, EchoLoad.Result::requestsPerSecond);
    double sRps = median(stat, EchoLoad.Result::requestsPerSecond);
    double mP99 = median(mesh, EchoLoad.Result::p99Micros);
    double sP99 = median(stat, EchoLoad.Result::p99Micros);
    assertTrue(mRps > 0 && sRps > 0, name);
    return String.format(
        Locale.ROOT,
        "%s: nativemesh %.0f req/s p50 %.0f us p99 %.0f us | static PEM %.0f req/s p50 %.0f us p99"
            + " %.0f us | ratio req/s %.3f, p99 %.3f (medians of %d; req/s per run %s vs %s)%n",
        name,
        mRps,
        median(mesh, EchoLoad.Result::p50Micros),
        mP99,
        sRps,
        median(stat, EchoLoad.Result::p50Micros),
        sP99,
        mRps / sRps,
        mP99 / sP99,
        mesh.size(),
        rps(mesh),
        rps(stat));
  }

  private static List<Long> rps(List<EchoLoad.Result> l) {
    List<Long> out = new ArrayList<>();
    l.forEach(r -> out.add(Math.round(r.requestsPerSecond())));
    return out;
  }

  private static double median(
      List<EchoLoad.Result> l, java.util.function.ToDoubleFunction<EchoLoad.Result> f) {
    double[] v = l.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }
}
