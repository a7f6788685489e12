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
package io.nativemesh.discovery.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.nativemesh.blocking.Watch;
import io.nativemesh.blocking.WatchListener;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamTarget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of one upstream target: the endpoint set, replaced as a whole (one volatile write)
 * on every watch update and kept as is while the catalog is unreachable; per-endpoint stats that
 * survive updates for instances still listed; the balancer and the circuit breaker. Thread-safe.
 */
public final class UpstreamState implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpstreamState.class);

  private final UpstreamTarget target;
  private final UpstreamPolicy policy;
  private final Supplier<String> localDatacenter;
  private final Balancer balancer;
  private final CircuitBreaker breaker;
  private final Map<Endpoint, EndpointStats> stats = new ConcurrentHashMap<>();
  private final CompletableFuture<List<Endpoint>> first = new CompletableFuture<>();
  private final AutoCloseable subscription;
  private volatile List<Endpoint> endpoints;

  /**
   * @param target what to resolve
   * @param policy balancing and breaker settings
   * @param watch the shared health/connect watch of {@code target}
   * @param localDatacenter datacenter used when the catalog omits a node's
   */
  public UpstreamState(
      UpstreamTarget target,
      UpstreamPolicy policy,
      Watch<List<ServiceEntry>> watch,
      Supplier<String> localDatacenter) {
    this.target = target;
    this.policy = policy;
    this.localDatacenter = localDatacenter;
    this.balancer = Balancer.of(policy.loadBalancing());
    this.breaker =
        CircuitBreaker.of(
            "upstream " + target,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.breakerWindow())
                .minimumNumberOfCalls(policy.breakerMinimumCalls())
                .failureRateThreshold(policy.breakerFailureRate())
                .waitDurationInOpenState(policy.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(
                    Math.max(1, Math.min(5, policy.breakerMinimumCalls())))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    this.subscription =
        watch.subscribe(
            new WatchListener<>() {
              @Override
              public void onUpdate(List<ServiceEntry> value, long index) {
                update(value);
              }

              @Override
              public void onError(RuntimeException error, int consecutiveFailures) {
                if (consecutiveFailures == 1) {
                  log.warn(
                      "catalog unreachable for upstream {} ({}); keeping the last {} known instances",
                      target,
                      error.getMessage(),
                      endpoints == null ? 0 : endpoints.size());
                }
              }
            });
  }

  private void update(List<ServiceEntry> entries) {
    List<Endpoint> out = new ArrayList<>(entries.size());
    for (ServiceEntry e : entries) {
      try {
        String dc =
            e.node().datacenter() == null || e.node().datacenter().isEmpty()
                ? (target.datacenter() != null ? target.datacenter() : localDatacenter.get())
                : e.node().datacenter();
        InetAddress a = InetAddress.getByName(e.dialAddress()); // literal addresses: no DNS query
        out.add(
            new Endpoint(
                target.service(),
                e.service().id(),
                e.node().node(),
                dc,
                new InetSocketAddress(a, e.service().port()),
                target.effectiveNamespace()));
      } catch (UnknownHostException | RuntimeException ex) {
        log.debug("skipping instance of {} with an unusable address: {}", target, ex.toString());
      }
    }
    List<Endpoint> snapshot = List.copyOf(out);
    Set<Endpoint> live = new HashSet<>(snapshot);
    for (Endpoint e : snapshot) {
      stats.computeIfAbsent(e, k -> new EndpointStats());
    }
    endpoints = snapshot; // the one publication
    stats.keySet().removeIf(e -> !live.contains(e) && stats.get(e).outstanding() <= 0);
    first.complete(snapshot);
  }

  /**
   * @return the target
   */
  public UpstreamTarget target() {
    return target;
  }

  /**
   * @return the policy
   */
  public UpstreamPolicy policy() {
    return policy;
  }

  /**
   * @return the current endpoint set, or null before the catalog first answered
   */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /**
   * @return completed with the first endpoint set
   */
  public CompletableFuture<List<Endpoint>> firstEndpoints() {
    return first;
  }

  /**
   * @param e an endpoint
   * @return its stats (created if the endpoint is new)
   */
  public EndpointStats stats(Endpoint e) {
    return stats.computeIfAbsent(e, k -> new EndpointStats());
  }

  /**
   * @return the balancer
   */
  public Balancer balancer() {
    return balancer;
  }

  /**
   * @return the circuit breaker
   */
  public CircuitBreaker breaker() {
    return breaker;
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("unsubscribing {}: {}", target, e.toString());
    }
  }
}
