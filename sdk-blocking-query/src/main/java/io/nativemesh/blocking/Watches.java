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
package io.nativemesh.blocking;

import io.nativemesh.blocking.internal.BlockingWatch;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.core.model.ServiceEntry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The process-wide registry of watches: one watch per (endpoint, parameters), shared by every
 * subscriber, started on first use and stopped by {@link #close()}. Typed factories cover the
 * endpoints a Connect-native service needs: CA roots, leaf certificates, intentions by destination
 * and service health.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class Watches implements AutoCloseable {
  private final ConsulClient client;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Clock clock;
  private final WatchOptions defaults;
  private final Map<String, BlockingWatch<?>> watches = new ConcurrentHashMap<>();

  /**
   * @param client the Consul client
   * @param defaults loop tuning for every watch
   * @param clock time source for rate limiting
   * @param scheduler runs delayed retries; null to create (and own) a single daemon thread
   */
  public Watches(
      ConsulClient client, WatchOptions defaults, Clock clock, ScheduledExecutorService scheduler) {
    this.client = Objects.requireNonNull(client, "client");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (scheduler == null) {
      ScheduledThreadPoolExecutor s =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "nativemesh-watches");
                t.setDaemon(true);
                return t;
              });
      s.setRemoveOnCancelPolicy(true);
      this.scheduler = s;
      this.ownsScheduler = true;
    } else {
      this.scheduler = scheduler;
      this.ownsScheduler = false;
    }
  }

  /**
   * @param client the Consul client
   * @return a registry with {@link WatchOptions#DEFAULTS} and the system clock
   */
  public static Watches create(ConsulClient client) {
    return new Watches(client, WatchOptions.DEFAULTS, Clock.systemUTC(), null);
  }

  /**
   * @return the Consul client the watches read from
   */
  public ConsulClient client() {
    return client;
  }

  /**
   * The shared watch for {@code key}, created and started on first call.
   *
   * @param key identifies endpoint and parameters; equal keys share one watch
   * @param fetcher the read
   * @param base the endpoint's own parameters
   * @param options loop tuning
   * @param <T> value type
   * @return the watch
   */
  @SuppressWarnings("unchecked")
  public <T> Watch<T> watch(
      String key, Fetcher<T> fetcher, QueryOptions base, WatchOptions options) {
    BlockingWatch<T> w =
        (BlockingWatch<T>)
            watches.computeIfAbsent(
                key, k -> new BlockingWatch<>(k, fetcher, base, options, scheduler, clock));
    w.start();
    return w;
  }

  /**
   * Consul API: {@code GET /v1/agent/connect/ca/roots}.
   *
   * @return the shared roots watch
   */
  public Watch<CaRoots> caRoots() {
    return watch(
        "GET /v1/agent/connect/ca/roots",
        o -> client.connectCa().roots(o),
        QueryOptions.NONE,
        defaults);
  }

  /**
   * Consul API: {@code GET /v1/agent/connect/ca/leaf/:service}.
   *
   * @param service the service name
   * @return the shared leaf watch
   */
  public Watch<IssuedCert> leaf(String service) {
    return watch(
        "GET /v1/agent/connect/ca/leaf/" + service,
        o -> client.connectCa().leaf(service, o),
        QueryOptions.NONE,
        defaults);
  }

  /**
   * Consul API: {@code GET /v1/connect/intentions/match?by=destination&name=<destination>}; the
   * value also carries {@code X-Consul-Default-ACL-Policy}, the default decision.
   *
   * @param destination destination service name
   * @return the shared watch of the intentions that apply to {@code destination}
   */
  public Watch<DestinationIntentions> intentions(String destination) {
    Fetcher<DestinationIntentions> f =
        o ->
            client
                .intentions()
                .matchDestination(destination, o)
                .thenApply(
                    r -> {
                      List<Intention> list =
                          r.value() == null
                              ? List.of()
                              : r.value().getOrDefault(destination, List.of());
                      String policy = r.meta().defaultAclPolicy();
                      return new QueryResult<>(
                          new DestinationIntentions(
                              destination,
                              list,
                              policy == null ? null : "allow".equalsIgnoreCase(policy)),
                          r.meta());
                    });
    return watch(
        "GET /v1/connect/intentions/match?by=destination&name=" + destination,
        f,
        QueryOptions.NONE,
        defaults);
  }

  /**
   * Consul API: {@code GET /v1/health/connect/:service?passing}.
   *
   * @param service the upstream service name
   * @param datacenter datacenter, null for the agent's own
   * @return the shared watch of passing mesh-capable instances
   */
  public Watch<List<ServiceEntry>> healthConnect(String service, String datacenter) {
    QueryOptions base = QueryOptions.NONE.withParam("passing", "");
    if (datacenter != null) {
      base = base.withDatacenter(datacenter);
    }
    return watch(
        "GET /v1/health/connect/"
            + service
            + "?passing"
            + (datacenter == null ? "" : "&dc=" + datacenter),
        o -> client.health().connect(service, o),
        base,
        defaults);
  }

  /** Stops every watch and, if owned, the scheduler. */
  @Override
  public void close() {
    watches.values().forEach(BlockingWatch::close);
    watches.clear();
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
  }
}
