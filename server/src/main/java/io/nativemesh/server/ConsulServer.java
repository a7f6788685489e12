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
package io.nativemesh.server;

import io.nativemesh.core.model.CaRoot;
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.acl.AclTokenReaper;
import io.nativemesh.server.internal.agent.CheckRunner;
import io.nativemesh.server.internal.agent.OwnedChecks;
import io.nativemesh.server.internal.agent.SessionTimers;
import io.nativemesh.server.internal.agent.TtlCheckMonitor;
import io.nativemesh.server.internal.ca.CaConfigurator;
import io.nativemesh.server.internal.ca.CaRootPruner;
import io.nativemesh.server.internal.ca.LeafCache;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.cluster.ClusterApi;
import io.nativemesh.server.internal.cluster.ClusterNode;
import io.nativemesh.server.internal.cluster.ClusterReadGate;
import io.nativemesh.server.internal.cluster.LeaderDuties;
import io.nativemesh.server.internal.endpoints.AclApi;
import io.nativemesh.server.internal.endpoints.AclPolicyApi;
import io.nativemesh.server.internal.endpoints.AclRoleApi;
import io.nativemesh.server.internal.endpoints.AgentApi;
import io.nativemesh.server.internal.endpoints.AgentChecksApi;
import io.nativemesh.server.internal.endpoints.AgentMetrics;
import io.nativemesh.server.internal.endpoints.AgentOpsApi;
import io.nativemesh.server.internal.endpoints.CatalogApi;
import io.nativemesh.server.internal.endpoints.ConfigEntryApi;
import io.nativemesh.server.internal.endpoints.ConnectCaApi;
import io.nativemesh.server.internal.endpoints.EventApi;
import io.nativemesh.server.internal.endpoints.HealthApi;
import io.nativemesh.server.internal.endpoints.IntentionIdApi;
import io.nativemesh.server.internal.endpoints.IntentionsApi;
import io.nativemesh.server.internal.endpoints.KvApi;
import io.nativemesh.server.internal.endpoints.OperatorApi;
import io.nativemesh.server.internal.endpoints.PreparedQueryApi;
import io.nativemesh.server.internal.endpoints.ServerContext;
import io.nativemesh.server.internal.endpoints.SessionApi;
import io.nativemesh.server.internal.endpoints.SnapshotApi;
import io.nativemesh.server.internal.endpoints.StatusApi;
import io.nativemesh.server.internal.endpoints.TxnApi;
import io.nativemesh.server.internal.endpoints.UiApi;
import io.nativemesh.server.internal.http.ApiHandler;
import io.nativemesh.server.internal.http.HttpApiServer;
import io.nativemesh.server.internal.http.ResponseHeaders;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.CaConfig;
import io.nativemesh.server.internal.state.CaState;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.StoredCheck;
import io.nativemesh.server.internal.state.Table;
import io.nativemesh.server.internal.state.Watch;
import io.nativemesh.server.internal.storage.MvStoreLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NativeMesh companion server: a single-node server speaking the subset of Consul's HTTP API v1
 * that Connect-native services use — agent registration and TTL checks, health and catalog reads,
 * the built-in Connect CA (roots, leaf certificates), intentions and authorization — with Consul's
 * blocking-query semantics and headers. With a data directory every acknowledged write is durable
 * (H2 MVStore command log with group commit, snapshots) and restored on restart; without one (dev
 * mode) state is kept in memory.
 *
 * <p>Start with {@link #start(ServerConfig)}; stop with {@link #close()}. Thread-safe. Typical test
 * use:
 *
 * <pre>{@code
 * try (ConsulServer server = ConsulServer.start(ServerConfig.builder().dev(true).httpPort(0).build())) {
 *   String base = server.httpUrl();   // e.g. http://127.0.0.1:41237
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ConsulServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsulServer.class);

  private final ServerConfig config;
  private final StateStore store;
  private final ClusterNode cluster; // null for a single server
  private LeaderDuties leaderDuties; // cluster mode
  private OwnedChecks ownedChecks; // cluster mode
  private final ScheduledThreadPoolExecutor timers;
  private final TtlCheckMonitor ttlChecks;
  private final SessionTimers sessionTimers;
  private final CheckRunner checkRunner;
  private final LeafCache leafCache;
  private final CaRootPruner rootPruner;
  private final HttpApiServer http;
  private final AgentMetrics metrics;
  private final Supplier<ServerConfig> reloadSource;

  /**
   * Runs the HTTP handlers that wait for a durable write (agent, catalog, session, ACL, CA config).
   */
  private final ExecutorService writers;

  private static final int WRITER_THREADS = 16;
  private final AtomicBoolean closed = new AtomicBoolean();
  private InetSocketAddress address;

  private ConsulServer(ServerConfig config, Supplier<ServerConfig> reloadSource)
      throws IOException {
    this.config = config;
    this.reloadSource = reloadSource;
    this.cluster = config.cluster() == null ? null : new ClusterNode(config);
    this.store =
        cluster != null
            ? cluster.store()
            : config.dataDir() == null
                ? new StateStore()
                : new StateStore(new MvStoreLog(config.dataDir(), config.fsync()));
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "nativemesh-timers");
              t.setDaemon(true);
              return t;
            });
    timers.setRemoveOnCancelPolicy(true);
    this.ttlChecks = new TtlCheckMonitor(store, timers);
    this.sessionTimers = new SessionTimers(store, timers, config.clock());
    this.checkRunner =
        new CheckRunner(
            store,
            timers,
            ttlChecks,
            config.clock(),
            config.dev() ? Duration.ofSeconds(1) : Duration.ofSeconds(30));
    SecureRandom random = new SecureRandom();
    this.rootPruner = new CaRootPruner(store, config.clock(), timers);
    this.http = new HttpApiServer(2);
    this.metrics = new AgentMetrics(store);
    // a write handler mostly waits for its group's fsync: enough threads that concurrent writers
    // share one, few enough to bound the memory of a burst (the rest queue)
    AtomicInteger writerIds = new AtomicInteger();
    this.writers =
        Executors.newFixedThreadPool(
            WRITER_THREADS,
            r -> {
              Thread t = new Thread(r, "nativemesh-write-" + writerIds.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.leafCache =
        new LeafCache(
            store,
            config.datacenter(),
            config.caRotationStagger(),
            config.clock(),
            timers,
            random,
            writers);
  }

  /**
   * Bootstraps the state (node, CA root) and starts the HTTP listener.
   *
   * @param config the configuration
   * @return the running server
   * @throws IOException if the HTTP address cannot be bound
   */
  public static ConsulServer start(ServerConfig config) throws IOException {
    return start(config, null);
  }

  /**
   * Bootstraps the state (node, CA root) and starts the HTTP listener, with a way to re-read the
   * configuration for {@code PUT /v1/agent/reload} (Consul API: /v1/agent/reload).
   *
   * @param config the configuration
   * @param reloadSource re-reads the configuration the server was started from (its command line
   *     and files), throwing a {@link RuntimeException} that names the problem when it is invalid;
   *     null when there is nothing to re-read (reload then succeeds without reading anything)
   * @return the running server
   * @throws IOException if the HTTP address cannot be bound
   * @since 0.1.0
   */
  public static ConsulServer start(ServerConfig config, Supplier<ServerConfig> reloadSource)
      throws IOException {
    ConsulServer s = new ConsulServer(config, reloadSource); // opens (and restores) the state
    try {
      s.startInternal();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void startInternal() throws IOException {
    SecureRandom random = new SecureRandom();
    String advertise = advertiseAddress(config.bindAddress());
    if (cluster == null) {
      bootstrapState(random, advertise);
      // agent-local timers are not state: re-arm them for what was restored
      for (StoredCheck c : store.snapshot().checks().values()) {
        if (c.ttl() != null) {
          ttlChecks.arm(c.check().checkId(), c.ttl());
        }
        checkRunner.arm(c);
      }
      sessionTimers.armAll();
    } else {
      // the leader bootstraps the shared state and runs the timers (docs/cluster.md)
      leaderDuties =
          new LeaderDuties(
              cluster,
              store,
              sessionTimers,
              ttlChecks,
              writers,
              () -> {
                if (store.snapshot().node() == null || store.snapshot().ca() == null) {
                  try {
                    bootstrapState(random, advertise);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }
              });
      sessionTimers.relayTo(leaderDuties);
      ttlChecks.relayTo(leaderDuties);
      // this agent's active checks, as its state comes back from the log or a snapshot
      ownedChecks = new OwnedChecks(store, checkRunner, config.nodeName(), timers);
      ownedChecks.start();
      cluster.start(leaderDuties::onMessage, leaderDuties::onLeadership);
      // followers tell the leader their node names (also at every leader change)
      timers.scheduleWithFixedDelay(leaderDuties::hello, 10, 10, TimeUnit.SECONDS);
      // a block of leaf serials held ahead, so that taking over the services of a killed server
      // signs their leaves without waiting for the new leader (a no-op once a block is held)
      timers.scheduleWithFixedDelay(leafCache::reserveSerialsAhead, 1, 5, TimeUnit.SECONDS);
    }
    startServing(random, advertise);
  }

  /** Registers this node and bootstraps the CA root when the state has none. */
  private void bootstrapState(SecureRandom random, String advertise) throws IOException {
    StateSnapshot restored = store.snapshot();
    String nodeId =
        restored.node() != null && restored.node().node().equals(config.nodeName())
            ? restored.node().id()
            : RootGenerator.randomUuid(random);
    if (restored.node() == null || cluster == null) {
      store.apply(
          new Command.RegisterNode(nodeId, config.nodeName(), advertise, config.datacenter()));
    }
    if (store.snapshot().ca() == null) {
      CaConfig d = CaConfig.defaults(config.leafCertTtl(), config.csrMaxPerSecond());
      CaConfig initial =
          new CaConfig(
              d.provider(),
              d.leafCertTtl(),
              d.intermediateCertTtl(),
              d.rootCertTtl(),
              config.caKeyType(),
              config.caKeyBits(),
              d.csrMaxPerSecond(),
              d.csrMaxConcurrent(),
              config.caPrivateKeyPem(),
              config.caRootCertPem(),
              false,
              0,
              0);
      try {
        store.apply(RootGenerator.generate(config.clock().instant(), random, initial));
      } catch (IllegalArgumentException e) {
        throw new IOException("invalid connect.ca_config: " + e.getMessage(), e);
      }
    }
  }

  private void startServing(SecureRandom random, String advertise) throws IOException {
    checkRunner.start();
    whenCaReady(
        () -> {
          leafCache.start();
          rootPruner.start();
        });
    // expired ACL tokens: scanned as often as the critical-service reaper
    new AclTokenReaper(store, config.clock(), timers, Duration.ofSeconds(config.dev() ? 1 : 30))
        .onlyWhile(cluster == null ? () -> true : cluster::isLeader)
        .start();
    ServerContext ctx =
        new ServerContext(
            config,
            store,
            leafCache,
            ttlChecks,
            random,
            advertise,
            new CaConfigurator(store, config.clock(), random),
            sessionTimers,
            new Acl(config, store),
            checkRunner);
    Router router = new Router(writers);
    new AgentApi(ctx).register(router);
    new HealthApi(ctx).register(router);
    new CatalogApi(ctx).register(router);
    new AgentChecksApi(ctx).register(router);
    new AclApi(ctx).register(router);
    new AclPolicyApi(ctx).register(router);
    new AclRoleApi(ctx).register(router);
    new ConnectCaApi(ctx).register(router);
    new IntentionsApi(ctx).register(router);
    new IntentionIdApi(ctx).register(router);
    new ConfigEntryApi(ctx).register(router);
    new StatusApi(ctx).register(router);
    new KvApi(ctx).register(router);
    new SessionApi(ctx).register(router);
    new TxnApi(ctx).register(router);
    new PreparedQueryApi(ctx).register(router);
    new UiApi(ctx).register(router);
    new EventApi(ctx).register(router);
    new SnapshotApi(ctx).register(router);
    new OperatorApi(ctx).register(router);
    new AgentOpsApi(ctx, reloadSource, metrics).register(router);
    if (cluster != null) {
      new ClusterApi(ctx, cluster).register(router); // registered last: its routes win
    }
    ClusterReadGate gate = cluster == null ? null : new ClusterReadGate(cluster);
    ResponseHeaders headers = new ResponseHeaders(config.defaultIntentionPolicy().wireName(), gate);
    ApiHandler handler = new ApiHandler(router, headers, config.datacenter(), gate);
    address =
        http.bind(
            config.bindAddress(),
            config.httpPort(),
            handler,
            headers,
            config.maxRequestBodyBytes(),
            config.requestTimeout(),
            config.idleTimeout(),
            config.httpLimits());
    LOG.info(
        "NativeMesh server listening on {} (datacenter {}, node {}, trust domain {})",
        httpUrl(),
        config.datacenter(),
        config.nodeName(),
        store.snapshot().ca() == null ? "(not yet bootstrapped)" : trustDomain());
  }

  /**
   * Runs {@code task} once the CA root exists (at once on a single server; cluster: once the leader
   * has bootstrapped it).
   */
  private void whenCaReady(Runnable task) {
    Watch w = store.watch(List.of(Table.CA_ROOTS));
    if (store.snapshot().ca() != null) {
      w.cancel();
      task.run();
      return;
    }
    w.fired().thenRunAsync(() -> whenCaReady(task), timers);
  }

  /**
   * @return the cluster server, or null for a single server (tests: leader, step-down)
   */
  ClusterNode clusterNode() {
    return cluster;
  }

  private static String advertiseAddress(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? "127.0.0.1" : bind;
  }

  /**
   * @return the configuration the server runs with
   */
  public ServerConfig config() {
    return config;
  }

  /**
   * @return the bound HTTP port (the ephemeral one when configured with 0)
   */
  public int httpPort() {
    return address.getPort();
  }

  /**
   * @return the bound HTTP address
   */
  public InetSocketAddress httpAddress() {
    return address;
  }

  /**
   * @return the HTTP base URL, e.g. {@code http://127.0.0.1:8500} (IPv6 hosts bracketed)
   */
  public String httpUrl() {
    String host = address.getAddress().getHostAddress();
    return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /**
   * @return the Connect trust domain, {@code <cluster-id>.consul}
   * @throws IllegalStateException on a cluster server before the first leader has created the CA
   */
  public String trustDomain() {
    return ca().trustDomain();
  }

  /**
   * @return the active CA root as {@code GET /v1/connect/ca/roots} reports it
   * @throws IllegalStateException on a cluster server before the first leader has created the CA
   */
  public CaRoot activeRoot() {
    return ca().activeRoot();
  }

  private CaState ca() {
    CaState ca = store.snapshot().ca();
    if (ca == null) {
      throw new IllegalStateException(
          "no CA yet: the cluster's first leader creates it (GET /v1/connect/ca/roots)");
    }
    return ca;
  }

  /**
   * @return the active CA root, or null while a cluster has not bootstrapped it yet
   */
  CaRoot activeRootOrNull() {
    StateSnapshot s = store.snapshot();
    return s.ca() == null ? null : s.ca().activeRoot();
  }

  /**
   * Re-issues the current leaf of a service now, as its renewal timer would (fault injection for
   * tests, used by {@code nativemesh-test}); blocked leaf queries for it return the new leaf.
   *
   * @param service the service name
   * @return false if no leaf was ever requested for it (nothing to rotate)
   */
  public boolean reissueLeaf(String service) {
    return leafCache.reissue(service);
  }

  /**
   * Stops or resumes leaf issuance (fault injection for tests, used by {@code nativemesh-test}):
   * while stopped the leaf endpoint keeps serving the cached leaf, past its renewal point and even
   * past its expiry, and blocking leaf queries do not return — how an agent failed in Consul
   * 1.15.0/1.15.1 (GH-16779).
   *
   * @param stopped true to stop issuing, false to resume
   */
  public void stopIssuingLeaves(boolean stopped) {
    leafCache.suspendIssuance(stopped);
  }

  /**
   * Stops the listener, closes all connections (parked blocking queries are dropped) and stops all
   * timers. Idempotent; waits a few seconds at most.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    leafCache.close();
    rootPruner.close();
    ttlChecks.close();
    if (ownedChecks != null) {
      ownedChecks.close();
    }
    checkRunner.close();
    sessionTimers.close();
    http.close();
    metrics.close();
    writers.shutdown();
    timers.shutdownNow();
    try {
      timers.awaitTermination(2, TimeUnit.SECONDS);
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (cluster != null) {
      cluster.close(); // closes the store
    } else {
      store.close();
    }
    LOG.info("NativeMesh server stopped");
  }
}
