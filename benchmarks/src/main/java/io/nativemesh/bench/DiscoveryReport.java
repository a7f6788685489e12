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

import io.nativemesh.bench.DiscoveryBench.Case;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the results of {@link DiscoveryBench} as Markdown: one row per case and concurrency
 * (rounds aggregated: total round trips over total measured time, latency quantiles over every
 * round trip of every round), the bulk table, and the targets evaluated against the HAProxy
 * sidecar baseline (d).
 */
public final class DiscoveryReport {
  private DiscoveryReport() {}

  /** Aggregate of the rounds of one case at one concurrency. */
  private record Agg(
      double rps,
      double minRps,
      double maxRps,
      double p50us,
      double p99us,
      double p999us,
      double cpuUsPerReq,
      double cores,
      double foreignCores) {
    static Agg of(List<LoadClient.Window> ws) {
      long req = 0;
      long wall = 0;
      long own = 0;
      long foreign = 0;
      double min = Double.MAX_VALUE;
      double max = 0;
      int n = 0;
      for (LoadClient.Window w : ws) {
        req += w.requests();
        wall += w.cpu().wallNanos();
        own += w.cpu().ownNanos();
        foreign += w.cpu().foreignNanos();
        double r = w.requests() / DiscoveryBench.seconds(w.cpu().wallNanos());
        min = Math.min(min, r);
        max = Math.max(max, r);
        n += w.latenciesNanos().length;
      }
      long[] all = new long[n];
      int off = 0;
      for (LoadClient.Window w : ws) {
        System.arraycopy(w.latenciesNanos(), 0, all, off, w.latenciesNanos().length);
        off += w.latenciesNanos().length;
      }
      Arrays.sort(all);
      return new Agg(
          req / DiscoveryBench.seconds(wall),
          min,
          max,
          LoadClient.quantile(all, 0.5) / 1e3,
          LoadClient.quantile(all, 0.99) / 1e3,
          LoadClient.quantile(all, 0.999) / 1e3,
          req == 0 ? 0 : own / 1e3 / req,
          own / (double) wall,
          foreign / (double) wall);
    }
  }

  /**
   * @param env the environment line (JDK, cores, date, versions, parameters)
   * @param windows measured windows by concurrency and case
   * @param bulks bulk transfers by case
   * @return the Markdown report
   */
  public static String render(
      String env,
      Map<Integer, Map<Case, List<LoadClient.Window>>> windows,
      Map<Case, List<LoadClient.Bulk>> bulks) {
    StringBuilder sb = new StringBuilder();
    sb.append(env).append("\n\n");
    sb.append(
        "| case | conns | round trips/s (rounds min–max) | p50 µs | p99 µs | p99.9 µs | CPU µs/req | CPU cores used "
            + "| others' CPU (cores) | round trips/s vs (d) | p99 vs (d) |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    StringBuilder targets = new StringBuilder();
    for (Map.Entry<Integer, Map<Case, List<LoadClient.Window>>> e : windows.entrySet()) {
      int conns = e.getKey();
      Agg d = Agg.of(e.getValue().get(Case.D));
      for (Case k : Case.values()) {
        List<LoadClient.Window> ws = e.getValue().get(k);
        if (ws == null) {
          continue;
        }
        Agg a = Agg.of(ws);
        sb.append(
            fmt(
                "| %s | %d | %.0f (%.0f–%.0f) | %.0f | %.0f | %.0f | %.1f | %.2f | %.2f | %.2f× | %.2f× |%n",
                k.label,
                conns,
                a.rps,
                a.minRps,
                a.maxRps,
                a.p50us,
                a.p99us,
                a.p999us,
                a.cpuUsPerReq,
                a.cores,
                a.foreignCores,
                a.rps / d.rps,
                a.p99us / d.p99us));
      }
      Agg b = Agg.of(e.getValue().get(Case.B));
      Agg c = Agg.of(e.getValue().get(Case.C));
      boolean bRate = b.rps >= 2 * d.rps;
      boolean bP99 = b.p99us < d.p99us;
      boolean cRate = c.rps >= d.rps;
      targets.append(
          fmt(
              "- %d conn%s: (b)/(d) round trips/s = %.2f (target ≥ 2: %s); p99 (b) %.0f µs vs (d) %.0f µs "
                  + "(target lower: %s); (c)/(d) = %.2f (target ≥ 1: %s)%n",
              conns,
              conns == 1 ? "" : "s",
              b.rps / d.rps,
              bRate ? "met" : "NOT met",
              b.p99us,
              d.p99us,
              bP99 ? "met" : "NOT met",
              c.rps / d.rps,
              cRate ? "met" : "NOT met"));
    }
    sb.append(
        "\n| case | bulk MB/s (rounds min–max) | CPU s per GB | vs (d) |\n|---|---|---|---|\n");
    double dMbs = mbs(bulks.get(Case.D))[0];
    for (Case k : Case.values()) {
      List<LoadClient.Bulk> bs = bulks.get(k);
      if (bs == null) {
        continue;
      }
      double[] m = mbs(bs);
      sb.append(
          fmt(
              "| %s | %.0f (%.0f–%.0f) | %.2f | %.2f× |%n",
              k.label, m[0], m[1], m[2], m[3], m[0] / dMbs));
    }
    double[] c = mbs(bulks.get(Case.C));
    targets.append(
        fmt("- bulk: (c) %.0f MB/s vs (d) %.0f MB/s = %.2f×%n", c[0], dMbs, c[0] / dMbs));
    sb.append("\nTargets:\n").append(targets);
    return sb.toString();
  }

  /**
   * @return {total MB/s, min, max, CPU seconds per GB} (MB = 10^6 bytes)
   */
  private static double[] mbs(List<LoadClient.Bulk> bs) {
    long bytes = 0;
    long wall = 0;
    long own = 0;
    double min = Double.MAX_VALUE;
    double max = 0;
    for (LoadClient.Bulk b : bs) {
      bytes += b.bytes();
      wall += b.cpu().wallNanos();
      own += b.cpu().ownNanos();
      double r = b.bytes() / 1e6 / DiscoveryBench.seconds(b.cpu().wallNanos());
      min = Math.min(min, r);
      max = Math.max(max, r);
    }
    return new double[] {
      bytes / 1e6 / DiscoveryBench.seconds(wall),
      min,
      max,
      DiscoveryBench.seconds(own) / (bytes / 1e9)
    };
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
