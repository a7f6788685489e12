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
package io.nativemesh.tls.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@link MeshMetrics} on Micrometer (an optional dependency: add {@code micrometer-core}). Meters:
 *
 * <ul>
 *   <li>{@code nativemesh.tls.peer.verifications} (side, outcome)
 *   <li>{@code nativemesh.authz.decisions} (result allow|deny, decided_by)
 *   <li>{@code nativemesh.leaf.renewals}, {@code nativemesh.leaf.renewal.failures} (reason), {@code
 *       nativemesh.leaf.watchdog.forced}
 *   <li>{@code nativemesh.leaf.expiry.seconds} gauge (service): the soonest expiry among the
 *       process's open services of that name; removed when the last of them closes
 *   <li>{@code nativemesh.watch.errors} (watch)
 * </ul>
 *
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class MicrometerMeshMetrics implements MeshMetrics {
  private final MeterRegistry registry;

  /** Guarded by itself: one gauge per service name and the suppliers it reads. */
  private final Map<String, ExpiryGauge> expiry = new HashMap<>();

  /**
   * @param registry where to register meters
   */
  public MicrometerMeshMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void peerVerification(String side, String outcome) {
    Counter.builder("nativemesh.tls.peer.verifications")
        .tag("side", side)
        .tag("outcome", outcome)
        .description("peer certificates verified in TLS handshakes")
        .register(registry)
        .increment();
  }

  @Override
  public void authorization(boolean allowed, String decidedBy) {
    Counter.builder("nativemesh.authz.decisions")
        .tag("result", allowed ? "allow" : "deny")
        .tag("decided_by", decidedBy)
        .description("intention decisions")
        .register(registry)
        .increment();
  }

  @Override
  public void leafRenewed() {
    registry.counter("nativemesh.leaf.renewals").increment();
  }

  @Override
  public void leafRenewalFailure(String reason) {
    registry.counter("nativemesh.leaf.renewal.failures", "reason", reason).increment();
  }

  @Override
  public void watchdogForcedRefresh() {
    registry.counter("nativemesh.leaf.watchdog.forced").increment();
  }

  @Override
  public void watchError(String watch) {
    registry.counter("nativemesh.watch.errors", "watch", watch).increment();
  }

  @Override
  public Registration leafExpiryGauge(String service, Supplier<Double> secondsToExpiry) {
    ExpiryGauge g;
    synchronized (expiry) {
      g = expiry.get(service);
      if (g == null) {
        g = new ExpiryGauge();
        // held strongly: Micrometer keeps a gauge's object weakly, and nothing else refers to it,
        // so the gauge read NaN after the first garbage collection
        g.gauge =
            Gauge.builder("nativemesh.leaf.expiry.seconds", g, ExpiryGauge::soonest)
                .strongReference(true)
                .tag("service", service)
                .description("seconds until the service's soonest leaf in this process expires")
                .baseUnit("seconds")
                .register(registry);
        expiry.put(service, g);
      }
      g.sources.add(secondsToExpiry);
    }
    ExpiryGauge registered = g;
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      synchronized (expiry) {
        registered.sources.remove(secondsToExpiry);
        if (registered.sources.isEmpty() && expiry.remove(service, registered)) {
          registry.remove(registered.gauge);
        }
      }
    };
  }

  /** The suppliers of one service name's gauge; the gauge reads the soonest expiry. */
  private static final class ExpiryGauge {
    final List<Supplier<Double>> sources = new CopyOnWriteArrayList<>();
    Gauge gauge;

    double soonest() {
      double min = Double.NaN;
      for (Supplier<Double> s : sources) {
        Double v = s.get();
        if (v != null && !v.isNaN() && (Double.isNaN(min) || v < min)) {
          min = v;
        }
      }
      return min;
    }
  }
}
