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
package io.nativemesh.discovery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.nativemesh.blocking.Watch;
import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.blocking.Watches;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.discovery.internal.EndpointStats;
import io.nativemesh.discovery.internal.UpstreamState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Resolves upstreams to healthy mesh endpoints and chooses one per request or connection.
 *
 * <p>Each {@link UpstreamTarget} has one shared blocking watch on {@code
 * /v1/health/connect/<service>?passing} (plus {@code dc}, {@code tag}, {@code ns}); its endpoint
 * set is replaced atomically on every change and kept as is while the catalog is unreachable. Each
 * endpoint's expected SPIFFE ID comes from the service, namespace and datacenter, never from the
 * address. Choice follows the upstream's {@link UpstreamPolicy}: the balancing policy over
 * instances not ejected as outliers (all of them if every one is ejected), guarded by a
 * per-upstream circuit breaker.
 *
 * <p>Upstreams are named by service; {@link #configure} binds a service name to a target with
 * datacenter, tag or namespace, and to its own policy. Thread-safe.
 *
 * @since 0.1.0
 */
public final class UpstreamResolver implements AutoCloseable {
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final Watches watches;
  private final WatchOptions watchOptions;
  private final Supplier<String> localDatacenter;
  private final Duration firstResolveTimeout;
  private final UpstreamPolicy defaultPolicy;
  private final LongSupplier ticker;
  private final Map<String, UpstreamTarget> targets = new ConcurrentHashMap<>();
  private final Map<String, UpstreamPolicy> policies = new ConcurrentHashMap<>();
  private final Map<UpstreamTarget, UpstreamState> states = new ConcurrentHashMap<>();

  /**
   * A resolver with {@link UpstreamPolicy#DEFAULT} and default watch tuning.
   *
   * @param watches shared watches
   * @param localDatacenter datacenter of this agent, used when the catalog omits a node's
   *     datacenter
   * @param firstResolveTimeout how long the first resolution of an upstream may wait for the
   *     catalog
   */
  public UpstreamResolver(
      Watches watches, Supplier<String> localDatacenter, Duration firstResolveTimeout) {
    this(
        watches,
        WatchOptions.DEFAULTS,
        localDatacenter,
        firstResolveTimeout,
        UpstreamPolicy.DEFAULT,
        System::nanoTime);
  }

  /**
   * @param watches shared watches
   * @param watchOptions tuning of watches with tag or namespace (the plain ones are shared with
   *     {@link Watches#healthConnect})
   * @param localDatacenter datacenter of this agent, used when the catalog omits a node's
   *     datacenter
   * @param firstResolveTimeout how long the first resolution of an upstream may wait for the
   *     catalog
   * @param defaultPolicy policy of upstreams not {@link #configure configured}
   * @param ticker nanosecond time source ({@code System::nanoTime}; injectable for tests)
   */
  public UpstreamResolver(
      Watches watches,
      WatchOptions watchOptions,
      Supplier<String> localDatacenter,
      Duration firstResolveTimeout,
      UpstreamPolicy defaultPolicy,
      LongSupplier ticker) {
    this.watches = Objects.requireNonNull(watches, "watches");
    this.watchOptions = Objects.requireNonNull(watchOptions, "watchOptions");
    this.localDatacenter = Objects.requireNonNull(localDatacenter, "localDatacenter");
    this.firstResolveTimeout = Objects.requireNonNull(firstResolveTimeout, "firstResolveTimeout");
    this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /**
   * Binds {@code target.service()} to a target and a policy. Call before the upstream is first used
   * (a later call does not change endpoint sets already built).
   *
   * @param target datacenter, tag and namespace to resolve the service with
   * @param policy its policy, or null for the default
   */
  public void configure(UpstreamTarget target, UpstreamPolicy policy) {
    targets.put(target.service(), target);
    if (policy != null) {
      policies.put(target.service(), policy);
    }
  }

  /**
   * @param service an upstream name
   * @return the configured target, else {@link UpstreamTarget#of}
   */
  public UpstreamTarget target(String service) {
    UpstreamTarget t = targets.get(service);
    return t != null ? t : UpstreamTarget.of(service);
  }

  /**
   * @param service an upstream name
   * @return its policy
   */
  public UpstreamPolicy policy(String service) {
    return policies.getOrDefault(service, defaultPolicy);
  }

  private UpstreamState state(UpstreamTarget t) {
    UpstreamState known = states.get(t); // lock-free for a known upstream (event loops call this)
    if (known != null) {
      return known;
    }
    return states.computeIfAbsent(
        t, k -> new UpstreamState(k, policy(k.service()), watch(k), localDatacenter));
  }

  private Watch<List<ServiceEntry>> watch(UpstreamTarget t) {
    if (t.tag() == null && t.namespace() == null) {
      return watches.healthConnect(t.service(), t.datacenter()); // shared with every other user
    }
    QueryOptions base = QueryOptions.NONE.withParam("passing", "");
    StringBuilder key =
        new StringBuilder("GET /v1/health/connect/").append(t.service()).append("?passing");
    if (t.datacenter() != null) {
      base = base.withDatacenter(t.datacenter());
      key.append("&dc=").append(t.datacenter());
    }
    if (t.tag() != null) {
      base = base.withParam("tag", t.tag());
      key.append("&tag=").append(t.tag());
    }
    if (t.namespace() != null) {
      base = base.withParam("ns", t.namespace());
      key.append("&ns=").append(t.namespace());
    }
    return watches.watch(
        key.toString(), o -> watches.client().health().connect(t.service(), o), base, watchOptions);
  }

  /**
   * @param service upstream name (resolved through {@link #target})
   * @return every passing instance, in catalog order (waits for the first catalog answer)
   * @throws NoHealthyUpstreamException if the catalog did not answer in time
   */
  public List<Endpoint> endpoints(String service) {
    return endpoints(target(service));
  }

  /**
   * @param target the upstream
   * @return every passing instance, in catalog order (waits up to the first-resolve timeout for the
   *     first catalog answer; afterwards never blocks)
   * @throws NoHealthyUpstreamException if the catalog did not answer in time
   */
  public List<Endpoint> endpoints(UpstreamTarget target) {
    UpstreamState s = state(target);
    List<Endpoint> now = s.endpoints();
    if (now != null) {
      return now;
    }
    try {
      return s.firstEndpoints().get(firstResolveTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new NoHealthyUpstreamException(
          target.service(), "the catalog did not answer within " + firstResolveTimeout);
    } catch (ExecutionException e) {
      throw new NoHealthyUpstreamException(target.service(), String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NoHealthyUpstreamException(target.service(), "interrupted");
    }
  }

  /**
   * Non-blocking: completes when the upstream's endpoint set is known (at once if it is).
   *
   * @param target the upstream
   * @return the endpoint set at that time
   */
  public CompletableFuture<List<Endpoint>> whenResolved(UpstreamTarget target) {
    UpstreamState s = state(target);
    List<Endpoint> now = s.endpoints();
    return now != null ? CompletableFuture.completedFuture(now) : s.firstEndpoints();
  }

  /**
   * Picks the next instance by the upstream's policy, without tracking its use (prefer {@link
   * #lease}).
   *
   * @param service upstream name
   * @param exclude instances already tried for this request
   * @return the endpoint
   * @throws NoHealthyUpstreamException if no instance is left
   */
  public Endpoint pick(String service, List<Endpoint> exclude) {
    UpstreamTarget t = target(service);
    return choose(state(t), endpoints(t), exclude);
  }

  /**
   * Chooses an instance for one request or connection and takes a lease on it (it counts as
   * outstanding until the lease is closed).
   *
   * @param target the upstream
   * @param exclude instances already tried for this request or connection
   * @return the lease; report its outcome and close it
   * @throws NoHealthyUpstreamException if no passing instance is left to try
   * @throws UpstreamCircuitOpenException if the upstream's circuit breaker is open
   */
  public EndpointLease lease(UpstreamTarget target, Collection<Endpoint> exclude)
      throws UpstreamCircuitOpenException {
    UpstreamState s = state(target);
    Endpoint e = choose(s, endpoints(target), exclude);
    CircuitBreaker cb = s.breaker();
    if (!cb.tryAcquirePermission()) {
      throw new UpstreamCircuitOpenException(
          target.service(),
          "circuit breaker of upstream '"
              + target
              + "' is "
              + cb.getState()
              + " after "
              + cb.getMetrics().getNumberOfFailedCalls()
              + " failed of "
              + cb.getMetrics().getNumberOfBufferedCalls()
              + " recent attempts; retry after "
              + s.policy().breakerOpenFor());
    }
    return new EndpointLease(e, s.stats(e), cb, s.policy(), ticker);
  }

  /**
   * Marks a mesh address as down (or up again) on the word of an external failure detector such as
   * a gossip pool, which usually knows seconds before the catalog's health checks do. A down
   * instance is skipped like an ejected outlier until it is marked up or leaves the catalog.
   *
   * @param meshAddress the instance's mesh address (as registered in the catalog)
   * @param down true when the detector declared it dead or gone, false when it is alive again
   */
  public void markDown(InetSocketAddress meshAddress, boolean down) {
    String key = key(meshAddress);
    if (down) {
      this.down.add(key);
    } else {
      this.down.remove(key);
    }
  }

  /**
   * @param meshAddress a mesh address
   * @return true if an external failure detector marked it down
   */
  public boolean isMarkedDown(InetSocketAddress meshAddress) {
    return down.contains(key(meshAddress));
  }

  private static String key(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return host + ":" + a.getPort();
  }

  private Endpoint choose(UpstreamState s, List<Endpoint> all, Collection<Endpoint> exclude) {
    List<Endpoint> candidates = new ArrayList<>(all.size());
    List<Endpoint> ejected = new ArrayList<>();
    long now = ticker.getAsLong();
    for (Endpoint e : all) {
      if (exclude.contains(e)) {
        continue;
      }
      boolean out =
          s.stats(e).isEjected(now) || (!down.isEmpty() && down.contains(key(e.address())));
      (out ? ejected : candidates).add(e);
    }
    if (candidates.isEmpty() && !ejected.isEmpty()) {
      // every remaining instance is ejected: fail open rather than refuse all traffic
      ejected.sort(Comparator.comparingLong(e -> s.stats(e).ejectedUntil()));
      candidates.add(ejected.get(0));
    }
    if (candidates.isEmpty()) {
      throw new NoHealthyUpstreamException(
          s.target().service(),
          all.isEmpty()
              ? "the catalog lists no passing instance"
              : "all " + all.size() + " instances failed for this request");
    }
    return s.balancer().choose(candidates, e -> s.stats(e).outstanding());
  }

  /**
   * @param target the upstream
   * @return the instances currently ejected as outliers
   */
  public List<Endpoint> ejected(UpstreamTarget target) {
    UpstreamState s = state(target);
    List<Endpoint> all = s.endpoints();
    long now = ticker.getAsLong();
    return all == null ? List.of() : all.stream().filter(e -> s.stats(e).isEjected(now)).toList();
  }

  /**
   * @param target the upstream
   * @return the state of its circuit breaker
   */
  public CircuitState circuitState(UpstreamTarget target) {
    CircuitBreaker.State st = state(target).breaker().getState();
    return switch (st) {
      case CLOSED -> CircuitState.CLOSED;
      case HALF_OPEN -> CircuitState.HALF_OPEN;
      case OPEN, FORCED_OPEN -> CircuitState.OPEN;
      // the breakers built here are never disabled or metrics-only; should one be, it admits every
      // call
      case DISABLED, METRICS_ONLY -> CircuitState.CLOSED;
    };
  }

  /**
   * @param target the upstream
   * @param endpoint one of its instances
   * @return requests or connections in flight on it
   */
  public int outstanding(UpstreamTarget target, Endpoint endpoint) {
    EndpointStats st = state(target).stats(endpoint);
    return st.outstanding();
  }

  /** Unsubscribes from the watches (the shared {@link Watches} stay open). */
  @Override
  public void close() {
    states.values().forEach(UpstreamState::close);
    states.clear();
  }
}
