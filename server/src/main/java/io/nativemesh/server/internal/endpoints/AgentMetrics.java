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
package io.nativemesh.server.internal.endpoints;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nativemesh.server.internal.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters (Micrometer) behind {@code GET /v1/agent/metrics}: JVM memory, threads, class
 * loading, CPU and uptime, and the size of the state ({@code consul.state.nodes}, {@code
 * consul.state.services}, {@code consul.state.kv_entries}, {@code consul.state.sessions}, {@code
 * consul.raft.applied_index} ...), read from the current snapshot when scraped. Rendered in
 * Consul's JSON shape ({@code Timestamp}, {@code Gauges}, {@code Points}, {@code Counters}, {@code
 * Samples}) or, for {@code ?format=prometheus}, by Micrometer's Prometheus registry. Thread-safe;
 * close it with the server.
 */
public final class AgentMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /**
   * @param store the state the size gauges read
   */
  public AgentMetrics(StateStore store) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gauge("consul.state.nodes", store, s -> s.snapshot().nodeViews().size());
    gauge("consul.state.services", store, s -> s.snapshot().services().size());
    gauge("consul.state.checks", store, s -> s.snapshot().checks().size());
    gauge("consul.state.kv_entries", store, s -> s.snapshot().kv().size());
    gauge("consul.state.sessions", store, s -> s.snapshot().sessions().size());
    gauge("consul.state.intentions", store, s -> s.snapshot().intentions().size());
    gauge("consul.state.acl_tokens", store, s -> s.snapshot().aclTokens().size());
    gauge("consul.raft.applied_index", store, s -> s.snapshot().index());
    gauge("consul.state.parked_watchers", store, StateStore::parkedWatchers);
  }

  private void gauge(String name, StateStore store, ToDoubleFunction<StateStore> f) {
    Gauge.builder(name, store, f).register(registry);
  }

  /**
   * @return the Prometheus text exposition (format 0.0.4)
   */
  public String prometheus() {
    return registry.scrape();
  }

  /**
   * Consul API: {@code GET /v1/agent/metrics} JSON. Gauges carry {@code Value}; counters {@code
   * Count} (and {@code Sum}, {@code Rate}, ... as Consul's shape has them); timers and summaries
   * are {@code Samples} with {@code Count}, {@code Sum} and {@code Max}.
   *
   * @param now the {@code Timestamp}
   * @return the body
   */
  public Map<String, Object> json(Instant now) {
    List<Map<String, Object>> gauges = new ArrayList<>();
    List<Map<String, Object>> counters = new ArrayList<>();
    List<Map<String, Object>> samples = new ArrayList<>();
    for (Meter m : registry.getMeters()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("Name", m.getId().getName());
      if (m instanceof Gauge g) {
        row.put("Value", finite(g.value()));
        row.put("Labels", labels(m));
        gauges.add(row);
        continue;
      }
      double count = 0;
      double total = 0;
      double max = 0;
      for (Measurement x : m.measure()) {
        if (x.getStatistic() == Statistic.COUNT) {
          count = x.getValue();
        } else if (x.getStatistic() == Statistic.TOTAL
            || x.getStatistic() == Statistic.TOTAL_TIME) {
          total = x.getValue();
        } else if (x.getStatistic() == Statistic.MAX) {
          max = x.getValue();
        } else if (x.getStatistic() == Statistic.VALUE) {
          total = x.getValue();
        }
      }
      boolean counter = m instanceof Counter || m instanceof FunctionCounter;
      row.put("Count", (long) count);
      row.put("Rate", 0.0);
      row.put("Sum", finite(counter ? count : total));
      row.put("Min", 0.0);
      row.put("Max", finite(max));
      row.put("Mean", count == 0 ? 0.0 : finite((counter ? count : total) / count));
      row.put("Stddev", 0.0);
      row.put("Labels", labels(m));
      (counter ? counters : samples).add(row);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Timestamp", now.toString());
    body.put("Gauges", gauges);
    body.put("Points", List.of());
    body.put("Counters", counters);
    body.put("Samples", samples);
    return body;
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0.0;
  }

  private static Map<String, String> labels(Meter m) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Tag t : m.getId().getTagsAsIterable()) {
      out.put(t.getKey(), t.getValue());
    }
    return out;
  }

  @Override
  public void close() {
    registry.close();
  }
}
