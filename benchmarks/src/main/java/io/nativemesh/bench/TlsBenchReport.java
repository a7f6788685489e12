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

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs {@link TlsHandshakeBenchmark} and prints a Markdown table of throughputs and of the ratios
 * the project tracks: mesh / static per engine (targets: round trips ≥ 0.95, full handshakes ≥ 0.9)
 * and OpenSSL / JDK for mesh full handshakes (target ≥ 4), p50/p99 per operation (JMH sample mode),
 * plus the CPU per 64-byte round trip (one thread, in memory: time per operation is CPU time).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar [iterations] [seconds per iteration]}
 */
public final class TlsBenchReport {
  private TlsBenchReport() {}

  /** The command line: {@code [iterations] [seconds per iteration]}. */
  @Command(
      name = "TlsBenchReport",
      description = "TLS handshake and round-trip JMH report, mesh vs static material.")
  static final class Args {
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "ITERATIONS",
        defaultValue = "5",
        description = "measurement iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "SECONDS",
        defaultValue = "2",
        description = "seconds per iteration, warm-up and measurement (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;
  }

  /**
   * @param args optional: measurement iterations (default 5), seconds per iteration (default 2)
   * @throws Exception if JMH fails
   */
  public static void main(String[] args) throws Exception {
    Args o = BenchArgs.parseOrExit(new Args(), args);
    int iterations = o.iterations;
    int seconds = o.seconds;
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Options opt =
        new OptionsBuilder()
            .include(TlsHandshakeBenchmark.class.getSimpleName())
            .forks(1)
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .threads(1)
            .build();
    Collection<RunResult> results = new Runner(opt).run();
    Map<String, double[]> score = new LinkedHashMap<>();
    for (RunResult r : results) {
      String bench = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      String key =
          bench + "/" + r.getParams().getParam("engine") + "/" + r.getParams().getParam("managers");
      var st = r.getPrimaryResult().getStatistics();
      // sample mode: the score is the mean time per operation in µs; one thread, so ops/s = 1e6 /
      // mean
      double mean = st.getMean();
      double lo = st.getMean() - r.getPrimaryResult().getScoreError();
      score.put(
          key,
          new double[] {
            1e6 / mean,
            Math.abs(1e6 / Math.max(lo, 1e-9) - 1e6 / mean),
            st.getPercentile(50),
            st.getPercentile(99)
          });
    }
    System.out.println();
    System.out.println(
        "Java "
            + System.getProperty("java.version")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores");
    System.out.println();
    System.out.println(
        "| benchmark | engine | mesh ops/s | static ops/s | mesh / static | mesh p50 / p99 µs | static p50 / p99 µs |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String b : new String[] {"fullHandshake", "resumedHandshake", "roundTrip64"}) {
      for (String e : new String[] {"JDK", "OPENSSL"}) {
        double[] m = score.get(b + "/" + e + "/MESH");
        double[] s = score.get(b + "/" + e + "/STATIC");
        if (m != null && s != null) {
          System.out.printf(
              "| %s | %s | %.0f ± %.0f | %.0f ± %.0f | %.2f | %.1f / %.1f | %.1f / %.1f |%n",
              b, e, m[0], m[1], s[0], s[1], m[0] / s[0], m[2], m[3], s[2], s[3]);
        }
      }
    }
    double[] oj = score.get("fullHandshake/JDK/MESH");
    double[] oo = score.get("fullHandshake/OPENSSL/MESH");
    if (oj != null && oo != null) {
      System.out.printf("%nOpenSSL / JDK, mesh full handshakes: %.2f%n", oo[0] / oj[0]);
    }
    for (String e : new String[] {"JDK", "OPENSSL"}) {
      double[] rt = score.get("roundTrip64/" + e + "/MESH");
      if (rt != null) {
        System.out.printf(
            "CPU per 64-byte TLS round trip (%s, mesh, in memory: both directions' record protection): %.2f µs%n",
            e, 1e6 / rt[0]);
      }
    }
  }
}
