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
package io.nativemesh;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.internal.MeshParts;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.metrics.MeshMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builder of {@link MeshService}, obtained from {@link MeshService#builder(String)}; every setting
 * has a default, so {@code MeshService.builder("web").build()} is a complete configuration. Not
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshServiceBuilder {
  private final String service;
  private ConsulClient consul;
  private Clock clock = Clock.systemUTC();
  private boolean strictTrustDomain;
  private boolean l7EnforcedPerRequest;
  private MeshMetrics metrics = MeshMetrics.NOOP;
  private WatchOptions watchOptions = WatchOptions.DEFAULTS;
  private Duration resolveTimeout = Duration.ofSeconds(10);
  private Duration checkTtl = Duration.ofSeconds(10);
  private UpstreamPolicy upstreamPolicy = UpstreamPolicy.DEFAULT;
  private final Map<UpstreamTarget, UpstreamPolicy> upstreams = new LinkedHashMap<>();
  private TlsEngine forwarderEngine; // null: AUTO, without touching sdk-netty

  MeshServiceBuilder(String service) {
    if (service == null || !service.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new InvalidConfigurationException(
          "invalid service name '"
              + service
              + "' (letters, digits, '.', '-' and '_', starting with a letter or digit)");
    }
    this.service = service;
  }

  /**
   * @param client the Consul client to use (not closed by the service); default: one built from
   *     {@code CONSUL_HTTP_ADDR} / {@code CONSUL_HTTP_TOKEN}
   * @return this
   */
  public MeshServiceBuilder consul(ConsulClient client) {
    this.consul = Objects.requireNonNull(client, "client");
    return this;
  }

  /**
   * @param c time source for certificate validity, readiness and rate limits (tests inject one)
   * @return this
   */
  public MeshServiceBuilder clock(Clock c) {
    this.clock = Objects.requireNonNull(c, "clock");
    return this;
  }

  /**
   * @param strict require peers to be in our trust domain (default false, as Consul)
   * @return this
   */
  public MeshServiceBuilder strictTrustDomain(boolean strict) {
    this.strictTrustDomain = strict;
    return this;
  }

  /**
   * @param m where handshake verifications, authorization decisions, renewals and watch errors are
   *     reported, e.g. {@code new MicrometerMeshMetrics(registry)} (default: nothing)
   * @return this
   */
  public MeshServiceBuilder metrics(MeshMetrics m) {
    this.metrics = Objects.requireNonNull(m, "metrics");
    return this;
  }

  /**
   * @param enforced admit L7-matched clients at connection level because the HTTP integration
   *     checks permissions per request (default false: L7 intentions deny at connection level)
   * @return this
   */
  public MeshServiceBuilder l7EnforcedPerRequest(boolean enforced) {
    this.l7EnforcedPerRequest = enforced;
    return this;
  }

  /**
   * @param options blocking-query loop tuning
   * @return this
   */
  public MeshServiceBuilder watchOptions(WatchOptions options) {
    this.watchOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * @param ttl TTL of the readiness check registered with each instance (heartbeat every ttl/3); at
   *     least 1 s
   * @return this
   */
  public MeshServiceBuilder checkTtl(Duration ttl) {
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidConfigurationException("check TTL must be at least 1s, was " + ttl);
    }
    this.checkTtl = ttl;
    return this;
  }

  /**
   * @param timeout how long the first resolution of an upstream waits for the catalog
   * @return this
   */
  public MeshServiceBuilder resolveTimeout(Duration timeout) {
    this.resolveTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * @param policy balancing, retries, ejection, breaker and timeouts of upstreams not configured
   *     with {@link #upstream}
   * @return this
   */
  public MeshServiceBuilder upstreamPolicy(UpstreamPolicy policy) {
    this.upstreamPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Resolves {@code target.service()} with the target's datacenter, tag and namespace.
   *
   * @param target the upstream
   * @param policy its policy, or null for the default
   * @return this
   */
  public MeshServiceBuilder upstream(UpstreamTarget target, UpstreamPolicy policy) {
    this.upstreams.put(Objects.requireNonNull(target, "target"), policy);
    return this;
  }

  /**
   * @param engine TLS engine of the local forwarders (default {@link TlsEngine#AUTO}: OpenSSL when
   *     netty-tcnative is on the class path); the forwarders and this type come from the optional
   *     {@code io.nativemesh:nativemesh-sdk-netty}
   * @return this
   */
  public MeshServiceBuilder forwarderEngine(TlsEngine engine) {
    this.forwarderEngine = Objects.requireNonNull(engine, "engine");
    return this;
  }

  /**
   * Starts the leaf, roots and intention watches (non-blocking; see {@link
   * MeshService#awaitReady}).
   *
   * @return the service
   */
  public MeshService build() {
    return new MeshService(
        MeshParts.assemble(
            new MeshParts.Settings(
                service,
                consul,
                clock,
                strictTrustDomain,
                l7EnforcedPerRequest,
                metrics,
                watchOptions,
                resolveTimeout,
                checkTtl,
                upstreamPolicy,
                new LinkedHashMap<>(upstreams),
                forwarderEngine)));
  }
}
