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
import java.util.function.Supplier;

/**
 * {@link MeshMetrics} on Micrometer (an optional dependency: add {@code micrometer-core}). Meters:
 *
 * <ul>
 *   <li>{@code nativemesh.tls.peer.verifications} (side, outcome)
 *   <li>{@code nativemesh.authz.decisions} (result allow|deny, decided_by)
 *   <li>{@code nativemesh.leaf.renewals}, {@code nativemesh.leaf.renewal.failures} (reason), {@code
 *       nativemesh.leaf.watchdog.forced}
 *   <li>{@code nativemesh.leaf.expiry.seconds} gauge (service)
 *   <li>{@code nativemesh.watch.errors} (watch)
 * </ul>
 *
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class MicrometerMeshMetrics implements MeshMetrics {
  private final MeterRegistry registry;

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
  public void leafExpiryGauge(String service, Supplier<Double> secondsToExpiry) {
    // held strongly: Micrometer keeps a gauge's object weakly, and the caller's supplier (a lambda)
    // has no other reference, so the gauge read NaN after the first garbage collection
    Gauge.builder("nativemesh.leaf.expiry.seconds", secondsToExpiry, Supplier::get)
        .strongReference(true)
        .tag("service", service)
        .description("seconds until our leaf certificate expires")
        .baseUnit("seconds")
        .register(registry);
  }
}
