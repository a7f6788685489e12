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
package io.nativemesh.tls.source;

import io.nativemesh.blocking.DestinationIntentions;
import io.nativemesh.blocking.Watch;
import io.nativemesh.blocking.WatchListener;
import io.nativemesh.blocking.Watches;
import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.core.MeshException;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.tls.CertificateRejectedException;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.Readiness;
import io.nativemesh.tls.TlsPolicy;
import io.nativemesh.tls.TrustBundle;
import io.nativemesh.tls.internal.LeafMaterial;
import io.nativemesh.tls.internal.SvidVerifier;
import io.nativemesh.tls.metrics.MeshMetrics;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link MeshStateStore} from three shared blocking watches: the service's leaf
 * certificate, the CA roots, and the intentions where the service is the destination (Consul API:
 * {@code /v1/agent/connect/ca/leaf/:service}, {@code /v1/agent/connect/ca/roots}, {@code
 * /v1/connect/intentions/match?by=destination}).
 *
 * <p>A leaf is published only if its private key matches its certificate and its chain validates
 * against the current roots; otherwise the last good material stays in force and the failure is
 * logged. Each new leaf starts a new generation.
 *
 * <p>If the token may not read intentions (403 before any were read), connections are authorized by
 * the agent instead ({@link AgentAuthorizer}).
 *
 * <p>An expiry watchdog runs independently of the blocking chain: once the last instant at which
 * the agent should have renewed the leaf has passed without a new leaf ({@link #watchdogDue}: 90 %
 * of its lifetime plus a grace for the delivery), it aborts the leaf long poll and forces a
 * non-blocking (revalidating) read, and logs a warning (the failure mode of Consul 1.15.0/1.15.1,
 * GH-16779).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshTlsSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MeshTlsSource.class);
  private static final Duration WATCHDOG_MAX_GRACE = Duration.ofMinutes(1);

  private final String service;
  private final TlsPolicy policy;
  private final boolean defaultAllowWhenUnknown;
  private final MeshStateStore store = new MeshStateStore();
  private final Watch<IssuedCert> leafWatch;
  private final Watch<CaRoots> rootsWatch;
  private final Watch<DestinationIntentions> intentionsWatch;
  private final ScheduledExecutorService scheduler;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();
  private final CompletableFuture<MeshState> ready = new CompletableFuture<>();

  private LeafMaterial pendingLeaf;
  private TrustBundle trust;
  private IntentionMatcher intentions;
  private AgentAuthorizer agentAuthorizer;
  private boolean intentionsLoaded;
  private final AgentAuthorizer fallback;
  private long generation;
  private volatile boolean chainsToRoots;
  private volatile int watchdogForcedRefreshes;
  private ScheduledFuture<?> watchdog;
  private final MeshMetrics.Registration expiryGauge;
  private boolean closed;

  /**
   * Starts the watches.
   *
   * @param watches the process's shared watches
   * @param service our service name
   * @param policy verification policy (its clock drives validity and the watchdog)
   * @param defaultAllowWhenUnknown default intention decision when the server does not send {@code
   *     X-Consul-Default-ACL-Policy}; false fails closed
   * @param scheduler runs the watchdog; not owned
   */
  public MeshTlsSource(
      Watches watches,
      String service,
      TlsPolicy policy,
      boolean defaultAllowWhenUnknown,
      ScheduledExecutorService scheduler) {
    this.service = service;
    this.policy = policy;
    this.defaultAllowWhenUnknown = defaultAllowWhenUnknown;
    this.scheduler = scheduler;
    this.leafWatch = watches.leaf(service);
    this.rootsWatch = watches.caRoots();
    this.intentionsWatch = watches.intentions(service);
    this.fallback =
        new AgentAuthorizer(
            watches.client(),
            service,
            Duration.ofSeconds(10),
            Duration.ofSeconds(2),
            scheduler,
            policy.clock());
    this.expiryGauge =
        policy
            .metrics()
            .leafExpiryGauge(
                service,
                () -> {
                  MeshState st = store.current();
                  return st == null
                      ? Double.NaN
                      : Duration.between(policy.clock().instant(), st.notAfter()).toMillis()
                          / 1000.0;
                });
    subscriptions.add(rootsWatch.subscribe(listener("roots", this::onRoots)));
    subscriptions.add(intentionsWatch.subscribe(listener("intentions", this::onIntentions)));
    subscriptions.add(leafWatch.subscribe(listener("leaf", this::onLeaf)));
  }

  private <T> WatchListener<T> listener(String what, Consumer<T> onValue) {
    return new WatchListener<>() {
      @Override
      public void onUpdate(T value, long index) {
        onValue.accept(value);
      }

      @Override
      public void onError(RuntimeException error, int consecutiveFailures) {
        policy.metrics().watchError(what);
        if (what.equals("intentions")
            && error instanceof ConsulApiException api
            && api.statusCode() == 403) {
          onIntentionsForbidden(api);
        }
        if (what.equals("leaf")) {
          policy.metrics().leafRenewalFailure("watch-error");
        }
        if (consecutiveFailures == 1 || consecutiveFailures % 10 == 0) {
          log.warn(
              "{} watch for {} failed ({} in a row), keeping last good material: {}",
              what,
              service,
              consecutiveFailures,
              error.getMessage());
        }
      }
    };
  }

  /**
   * @return the store handshakes read
   */
  public MeshStateStore store() {
    return store;
  }

  /**
   * @return the service name
   */
  public String service() {
    return service;
  }

  /**
   * @return completes with the first published state (leaf, roots and intentions all loaded)
   */
  public CompletableFuture<MeshState> ready() {
    return ready;
  }

  /**
   * When the expiry watchdog acts on a leaf that no renewal has replaced. The agent renews a leaf
   * at a random instant between 60 % and 90 % of its lifetime (Consul: {@code
   * agent/leafcert/util.go}); a renewal made at 90 % still has to be signed and travel back on the
   * long poll, and the agent's clock may differ from ours. So the watchdog waits past 90 % by a
   * grace of a twentieth of the lifetime, at most one minute: a 72 h leaf is checked 1 minute after
   * its 90 % point (7 h 11 min before expiry), a 15 s leaf 0.75 s after it.
   *
   * <p>Stateless and thread-safe.
   *
   * @param notBefore the leaf's NotBefore
   * @param notAfter the leaf's NotAfter; a lifetime that is not positive answers {@code notBefore}
   * @return the instant the watchdog forces a refresh if no new leaf has arrived
   * @since 0.1.0
   */
  public static Instant watchdogDue(Instant notBefore, Instant notAfter) {
    Duration lifetime = Duration.between(notBefore, notAfter);
    if (lifetime.isNegative() || lifetime.isZero()) {
      return notBefore;
    }
    Duration grace = lifetime.dividedBy(20);
    if (grace.compareTo(WATCHDOG_MAX_GRACE) > 0) {
      grace = WATCHDOG_MAX_GRACE;
    }
    return notBefore.plus(lifetime.multipliedBy(9).dividedBy(10)).plus(grace);
  }

  /**
   * @return how many times the watchdog had to force a leaf refresh
   */
  public int watchdogForcedRefreshes() {
    return watchdogForcedRefreshes;
  }

  /**
   * @return readiness now: false before the first state, once the leaf expired, or when it no
   *     longer chains to the current roots
   */
  public Readiness readiness() {
    MeshState s = store.current();
    if (s == null) {
      return new Readiness(
          false, "waiting for leaf certificate, CA roots and intentions of " + service);
    }
    Instant now = policy.clock().instant();
    if (!now.isBefore(s.notAfter())) {
      return new Readiness(
          false,
          "leaf "
              + s.serialHex()
              + " of "
              + service
              + " expired at "
              + s.notAfter()
              + " and no renewal arrived; check the agent's /v1/agent/connect/ca/leaf/"
              + service);
    }
    if (!chainsToRoots) {
      return new Readiness(
          false, "leaf " + s.serialHex() + " does not chain to the current CA roots");
    }
    return new Readiness(true, "leaf " + s.serialHex() + " valid until " + s.notAfter());
  }

  private synchronized void onRoots(CaRoots roots) {
    try {
      trust = TrustBundle.fromCaRoots(roots);
    } catch (MeshException e) {
      log.warn("ignoring CA roots for {}: {}", service, e.getMessage());
      return;
    }
    log.info(
        "CA roots for {}: {} root(s), trust domain {}",
        service,
        trust.roots().size(),
        trust.trustDomain());
    MeshState cur = store.current();
    if (cur != null) {
      chainsToRoots = chains(cur.chain(), trust);
      store.publish(cur.withTrust(trust));
    }
    tryPublishLeaf();
  }

  /** Our token may not read intentions: authorize connections through the agent instead. */
  private synchronized void onIntentionsForbidden(RuntimeException e) {
    if (agentAuthorizer != null || intentionsLoaded) {
      return; // once intentions were read, the last good set stays in force (like every other
      // material)
    }
    log.warn(
        "the token of {} may not read intentions ({}); authorizing connections with /v1/agent/connect/authorize "
            + "(cached {} s per client certificate)",
        service,
        e.getMessage(),
        10);
    agentAuthorizer = fallback;
    if (intentions == null) {
      intentions = new IntentionMatcher(service, List.of(), false);
    }
    MeshState cur = store.current();
    if (cur != null) {
      store.publish(cur.withAgentAuthorizer(agentAuthorizer));
    }
    tryPublishLeaf();
  }

  private synchronized void onIntentions(DestinationIntentions d) {
    agentAuthorizer = null;
    intentionsLoaded = true;
    boolean def = d.defaultAllow() != null ? d.defaultAllow() : defaultAllowWhenUnknown;
    intentions = new IntentionMatcher(service, d.intentions(), def);
    log.info(
        "intentions for destination {}: {} intention(s), default {}",
        service,
        d.intentions().size(),
        def ? "allow" : "deny");
    MeshState cur = store.current();
    if (cur != null) {
      store.publish(cur.withIntentions(intentions));
    }
    tryPublishLeaf();
  }

  private synchronized void onLeaf(IssuedCert cert) {
    try {
      pendingLeaf = LeafMaterial.decode(cert);
    } catch (CertificateRejectedException e) {
      policy.metrics().leafRenewalFailure(e.reason().name());
      log.error("refusing leaf certificate for {}: {}", service, e.getMessage());
      return;
    }
    tryPublishLeaf();
  }

  private boolean chains(X509Certificate[] chain, TrustBundle t) {
    try {
      SvidVerifier.validatePath(chain, t, Date.from(policy.clock().instant()), "own leaf");
      return true;
    } catch (CertificateRejectedException e) {
      return false;
    }
  }

  private void tryPublishLeaf() {
    if (closed || pendingLeaf == null || trust == null || intentions == null) {
      return;
    }
    LeafMaterial leaf = pendingLeaf;
    try {
      SvidVerifier.validatePath(
          leaf.chain(),
          trust,
          Date.from(policy.clock().instant()),
          "leaf " + leaf.source().serialNumber() + " of " + service);
    } catch (CertificateRejectedException e) {
      policy.metrics().leafRenewalFailure(e.reason().name());
      log.error(
          "not publishing leaf for {} (keeping the previous one): {}", service, e.getMessage());
      return; // retried when the roots change
    }
    pendingLeaf = null;
    MeshState prev = store.current();
    MeshState next =
        new MeshState(
            ++generation,
            leaf.identity(),
            leaf.chain(),
            leaf.key(),
            trust,
            intentions,
            agentAuthorizer);
    chainsToRoots = true;
    store.publish(next);
    policy.metrics().leafRenewed();
    if (prev == null) {
      log.info(
          "{} ready: {} leaf serial {} valid {} .. {}",
          service,
          next.identity(),
          next.serialHex(),
          next.notBefore(),
          next.notAfter());
    } else {
      log.info(
          "{} rotated leaf: generation {} serial {} -> generation {} serial {}, expires {}",
          service,
          prev.generation(),
          prev.serialHex(),
          next.generation(),
          next.serialHex(),
          next.notAfter());
    }
    armWatchdog(next);
    ready.complete(next);
  }

  private void armWatchdog(MeshState s) {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    Instant at = watchdogDue(s.notBefore(), s.notAfter());
    long delayMs = Math.max(0, Duration.between(policy.clock().instant(), at).toMillis());
    long gen = s.generation();
    watchdog = scheduler.schedule(() -> watchdogFire(gen), delayMs, TimeUnit.MILLISECONDS);
  }

  private void watchdogFire(long gen) {
    MeshState s;
    synchronized (this) {
      s = store.current();
      if (closed || s == null || s.generation() != gen) {
        return;
      }
      watchdogForcedRefreshes++;
      policy.metrics().watchdogForcedRefresh();
      // re-arm: check again after a tenth of the lifetime or at expiry, whichever is sooner
      long retryMs = Math.max(100, s.lifetime().toMillis() / 20);
      watchdog = scheduler.schedule(() -> watchdogFire(gen), retryMs, TimeUnit.MILLISECONDS);
    }
    log.warn(
        "leaf {} of {} passed 90% of its lifetime and the renewal grace (expires {}) without a renewal; forcing a non-blocking leaf read",
        s.serialHex(), service, s.notAfter());
    leafWatch
        .refreshNow()
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                log.error("forced leaf read for {} failed: {}", service, e.getMessage());
              }
            });
  }

  /**
   * Stops listening and the watchdog and withdraws the leaf-expiry gauge (the shared watches stay
   * with their {@link Watches}). Idempotent.
   */
  @Override
  public synchronized void close() {
    closed = true;
    expiryGauge.close();
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    for (AutoCloseable s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        log.debug("unsubscribe failed", e);
      }
    }
    ready.completeExceptionally(new MeshException("mesh TLS source for " + service + " closed"));
  }
}
