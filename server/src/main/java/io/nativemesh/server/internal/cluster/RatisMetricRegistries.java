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
package io.nativemesh.server.internal.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.util.TimeDuration;

/**
 * The metric registries Ratis requires at start-up (found through {@code
 * META-INF/services/org.apache.ratis.metrics.MetricRegistries}): plain in-memory counters and no-op
 * timers and gauges. Ratis' default implementation (ratis-metrics-default, on Dropwizard Metrics)
 * is not used: our metrics are Micrometer's ({@code /v1/agent/metrics}). Public with a no-argument
 * constructor for {@link java.util.ServiceLoader}. Thread-safe.
 */
public final class RatisMetricRegistries extends MetricRegistries {
  private final Map<MetricRegistryInfo, RatisMetricRegistry> registries = new ConcurrentHashMap<>();

  /** For {@link java.util.ServiceLoader}. */
  public RatisMetricRegistries() {}

  private record Registry(MetricRegistryInfo info, Map<String, LongCounter> counters)
      implements RatisMetricRegistry {
    private static final Timekeeper.Context NO_TIME = () -> 0L;

    @Override
    public Timekeeper timer(String name) {
      return () -> NO_TIME;
    }

    @Override
    public LongCounter counter(String name) {
      return counters.computeIfAbsent(name, n -> new Counter());
    }

    @Override
    public boolean remove(String name) {
      return counters.remove(name) != null;
    }

    @Override
    public <T> void gauge(String name, Supplier<Supplier<T>> gauge) {
      // gauges are not collected
    }

    @Override
    public MetricRegistryInfo getMetricRegistryInfo() {
      return info;
    }
  }

  private static final class Counter implements LongCounter {
    private final LongAdder n = new LongAdder();

    @Override
    public void inc(long delta) {
      n.add(delta);
    }

    @Override
    public void dec(long delta) {
      n.add(-delta);
    }

    @Override
    public long getCount() {
      return n.sum();
    }
  }

  @Override
  public void clear() {
    registries.clear();
  }

  @Override
  public RatisMetricRegistry create(MetricRegistryInfo info) {
    return registries.computeIfAbsent(info, i -> new Registry(i, new ConcurrentHashMap<>()));
  }

  @Override
  public boolean remove(MetricRegistryInfo info) {
    return registries.remove(info) != null;
  }

  @Override
  public Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
    return Optional.ofNullable(registries.get(info));
  }

  @Override
  public Set<MetricRegistryInfo> getMetricRegistryInfos() {
    return Set.copyOf(registries.keySet());
  }

  @Override
  public Collection<RatisMetricRegistry> getMetricRegistries() {
    return List.copyOf(registries.values());
  }

  @Override
  public void addReporterRegistration(
      Consumer<RatisMetricRegistry> add, Consumer<RatisMetricRegistry> remove) {
    // no reporters
  }

  @Override
  public void enableJmxReporter() {
    // no reporters
  }

  @Override
  public void enableConsoleReporter(TimeDuration interval) {
    // no reporters
  }
}
