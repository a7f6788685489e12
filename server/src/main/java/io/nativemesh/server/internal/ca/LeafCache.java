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
package io.nativemesh.server.internal.ca;

import io.github.bucket4j.TimeMeter;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.server.internal.state.CaState;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.Table;
import io.nativemesh.server.internal.state.Watch;
import io.nativemesh.server.internal.state.WatchRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's leaf-certificate manager (Consul: {@code agent/leafcert}): one current leaf per
 * service name, re-issued by a timer at a random instant in 60–90 % of its lifetime ({@link
 * RenewalSchedule}), when expired, or when the active root's signing key changed. Every read
 * revalidates, so a non-blocking read never returns a cert past its renewal point (Consul PR
 * #11693). Serials are reserved through the state machine in blocks (one durable write per {@value
 * #SERIAL_BLOCK} issuances); the serial also becomes the cert's {@code CreateIndex}/ {@code
 * ModifyIndex}, the blocking index of the leaf endpoint, which therefore strictly increases with
 * every issuance.
 *
 * <p>Entries not read for {@link #LAST_GET_TTL} are dropped at their next renewal instead of being
 * renewed (Consul: {@code LastGetTTL}); parked blocking readers count as reads.
 *
 * <p>CA root rotation (docs/consul-api.md, "Re-issuing leaves after a rotation"): a watcher on the
 * roots table notices when the active signing key changes and re-issues every cached leaf after a
 * random delay in [0, stagger] (Consul: {@code caChangeJitterWindow}, 30 s), waking blocked leaf
 * queries. The leaf TTL and the CSR rate limit come from the current CA configuration.
 *
 * <p>Thread-safe: issuance is single-flight per service (entry lock); timers run on the supplied
 * scheduler; waiters park as {@link Watch} futures.
 */
public final class LeafCache {
  /** Consul's {@code LastGetTTL}: 72 h. */
  public static final Duration LAST_GET_TTL = Duration.ofHours(72);

  private static final Logger LOG = LoggerFactory.getLogger(LeafCache.class);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
  private static final Duration RATE_LIMIT_RETRY = Duration.ofSeconds(1);

  private final StateStore store;
  private final LeafSigner signer = new LeafSigner();
  private final String datacenter;
  private final Duration rotationStagger;
  private final CsrRateLimiter limiter = new CsrRateLimiter(0, TimeMeter.SYSTEM_NANOTIME);
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private final Executor renewals;

  /** Serials reserved per durable write. */
  static final int SERIAL_BLOCK = 64;

  private final Object serialLock = new Object();
  private long nextSerial; // guarded by serialLock
  private long blockEnd; // guarded by serialLock
  private CompletableFuture<Long>
      nextBlock; // guarded by serialLock; the next block, being made durable
  private final RandomGenerator random;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final WatchRegistry<String> watches = new WatchRegistry<>();
  private volatile boolean closed;
  private volatile boolean suspended;
  private volatile String observedSigningKeyId;
  private volatile Watch rootsWatch;

  private static final class Entry {
    final String service;
    IssuedCert cert;
    String signingKeyId;
    Instant renewAt;
    volatile Instant lastGet;
    // what lock-free readers see: written under the entry lock after each change of the above
    volatile Published published;
    ScheduledFuture<?> timer;
    volatile boolean evicted;
    final ArrayDeque<IssuedLeaf> history = new ArrayDeque<>();

    Entry(String service) {
      this.service = service;
    }
  }

  /**
   * @param store the state store (serials, CA state)
   * @param datacenter the datacenter in leaf SPIFFE IDs
   * @param rotationStagger re-issue window after a root rotation (each leaf at a random point in
   *     it)
   * @param clock time source for validity and renewal decisions
   * @param timers scheduler for renewal timers (delays are computed from {@code clock})
   * @param random randomness for the renewal instant
   * @param renewals runs the timed renewals: an issuance may wait for a serial-block reservation (a
   *     Raft write, up to the write timeout without a leader), which must not hold up the server's
   *     shared timer thread (TTL checks, sessions, health checks)
   */
  public LeafCache(
      StateStore store,
      String datacenter,
      Duration rotationStagger,
      Clock clock,
      ScheduledExecutorService timers,
      RandomGenerator random,
      Executor renewals) {
    this.store = store;
    this.datacenter = datacenter;
    this.rotationStagger = rotationStagger;
    this.clock = clock;
    this.timers = timers;
    this.random = random;
    this.renewals = renewals;
  }

  /**
   * The SPIFFE ID a leaf for {@code service} carries.
   *
   * @param service the service name
   * @return {@code spiffe://<td>/ns/default/dc/<dc>/svc/<service>}
   * @throws io.nativemesh.core.InvalidSpiffeIdException if the name is not a valid path segment
   * @throws IllegalStateException if the CA is not bootstrapped
   */
  public String serviceUri(String service) {
    return SpiffeId.forService(
            TrustDomain.parse(ca().trustDomain()), "default", datacenter, service)
        .toString();
  }

  /**
   * Returns the current leaf for a service, issuing one if there is none or if the cached one is
   * past its renewal point, expired or not signed by the active signing key.
   *
   * @param service the service name (validate with {@link #serviceUri} first)
   * @return the current leaf
   * @throws IllegalStateException if the cache is closed or the CA is not bootstrapped
   */
  public IssuedCert current(String service) {
    while (true) {
      if (closed) {
        throw new IllegalStateException("server is shutting down");
      }
      Entry e = entries.computeIfAbsent(service, Entry::new);
      synchronized (e) {
        if (e.evicted) {
          continue;
        }
        Instant now = clock.instant();
        e.lastGet = now;
        if (needsIssue(e, now)) {
          issue(e, now);
        }
        return e.cert;
      }
    }
  }

  /**
   * Never waits: the cached leaf of {@code service} when no issuance is due (the same rule as
   * {@link #current}: before its renewal point, unexpired, signed by the active signing key; while
   * issuance is suspended, any cached leaf). An HTTP event loop calls this; it takes no lock that
   * an issuance holds while it waits for a serial block (a Raft write in a cluster).
   *
   * @param service the service name
   * @return the leaf, or null when none is cached or an issuance is due (then call {@link #current}
   *     off the event loop); counts as a read for eviction when not null
   */
  public IssuedCert currentIfFresh(String service) {
    Entry e = entries.get(service);
    Published p = e == null ? null : e.published;
    if (p == null) {
      return null;
    }
    Instant now = clock.instant();
    CaState ca = store.snapshot().ca();
    boolean fresh =
        suspended
            || (now.isBefore(p.renewAt())
                && now.isBefore(p.cert().validBefore())
                && ca != null
                && p.signingKeyId().equals(ca.activeRoot().signingKeyId()));
    if (!fresh) {
      return null;
    }
    e.lastGet = now;
    return p.cert();
  }

  /**
   * Never waits: the cached leaf of {@code service} while it is unexpired, even past its renewal
   * point (for a blocking query that times out while the renewal is still under way: "no change",
   * not an error).
   *
   * @param service the service name
   * @return the leaf, or null when none is cached or it has expired
   */
  public IssuedCert cachedIfValid(String service) {
    Entry e = entries.get(service);
    Published p = e == null ? null : e.published;
    return p != null && clock.instant().isBefore(p.cert().validBefore()) ? p.cert() : null;
  }

  /**
   * An entry's leaf, signing key, renewal instant and recent issuances (newest first) as one value,
   * for lock-free readers.
   */
  private record Published(
      IssuedCert cert, String signingKeyId, Instant renewAt, List<IssuedLeaf> history) {}

  private static void publish(Entry e) {
    e.published =
        e.cert == null
            ? null
            : new Published(e.cert, e.signingKeyId, e.renewAt, List.copyOf(e.history));
  }

  /**
   * Parks a waiter for the next issuance for {@code service}; counts as a read for eviction.
   *
   * @param service the service name
   * @return the watch; cancel it when done
   */
  public Watch watch(String service) {
    Entry e = entries.get(service);
    if (e != null) {
      synchronized (e) {
        e.lastGet = clock.instant();
      }
    }
    return watches.register(List.of(service));
  }

  /**
   * Re-issues the leaf of {@code service} now (a forced rotation, as when its renewal point is
   * reached), waking its blocked leaf queries. No-op for a service whose leaf was never read.
   *
   * @param service the service name
   * @return true if a leaf was cached and is being re-issued
   */
  public boolean reissue(String service) {
    Entry e = entries.get(service);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      if (e.evicted || e.cert == null) {
        return false;
      }
      e.renewAt = clock.instant();
      publish(e);
      schedule(e, Duration.ZERO);
      return true;
    }
  }

  /**
   * Suspends or resumes issuance: while suspended, reads return the cached leaf even past its
   * renewal point or expiry (the failure of Consul 1.15.0/1.15.1, GH-16779, that the SDK's watchdog
   * exists for); a service with no cached leaf gets an error. Resuming issues what is due.
   *
   * @param suspend true to stop issuing leaves, false to resume
   */
  public void suspendIssuance(boolean suspend) {
    suspended = suspend;
    if (!suspend) {
      for (Entry e : entries.values()) {
        synchronized (e) {
          if (!e.evicted && e.cert != null) {
            schedule(e, Duration.ZERO);
          }
        }
      }
    }
  }

  /** Leaves remembered per service for {@link #recentLeaves()}. */
  static final int HISTORY = 5;

  /**
   * A leaf this cache issued, without its key.
   *
   * @param service the service
   * @param serialNumber colon-hex serial
   * @param signingKeyId the signing key (colon-hex key ID of the root that signed it)
   * @param validAfter start of validity
   * @param validBefore end of validity
   */
  public record IssuedLeaf(
      String service,
      String serialNumber,
      String signingKeyId,
      Instant validAfter,
      Instant validBefore) {}

  /**
   * @return per service, its most recent issuances (newest first, at most {@value #HISTORY}),
   *     services in name order
   */
  public SortedMap<String, List<IssuedLeaf>> recentLeaves() {
    SortedMap<String, List<IssuedLeaf>> out = new TreeMap<>();
    for (Entry e : entries.values()) {
      Published p = e.published; // lock-free: the UI's event loop calls this
      if (!e.evicted && p != null && !p.history().isEmpty()) {
        out.put(e.service, p.history());
      }
    }
    return out;
  }

  /** Starts watching the CA roots for rotations. Call once, after the CA is bootstrapped. */
  public void start() {
    observedSigningKeyId = ca().activeRoot().signingKeyId();
    armRootsWatch();
  }

  private void armRootsWatch() {
    if (closed) {
      return;
    }
    Watch w = store.watch(List.of(Table.CA_ROOTS));
    rootsWatch = w;
    // check after registering: a rotation published in between is seen either here or by the watch
    onRootsChanged();
    w.fired().thenRunAsync(this::armRootsWatch, timers);
  }

  private void onRootsChanged() {
    String active = ca().activeRoot().signingKeyId();
    if (active.equals(observedSigningKeyId)) {
      return;
    }
    observedSigningKeyId = active;
    long windowMillis = Math.max(0, rotationStagger.toMillis());
    LOG.info(
        "CA signing key changed to {}: re-issuing {} cached leaf certificate(s) within {} ms",
        active,
        entries.size(),
        windowMillis);
    for (Entry e : entries.values()) {
      synchronized (e) {
        if (!e.evicted && e.cert != null) {
          schedule(e, Duration.ofMillis(windowMillis == 0 ? 0 : random.nextLong(windowMillis + 1)));
        }
      }
    }
  }

  /** Stops all renewal timers. Idempotent. */
  public void close() {
    closed = true;
    Watch w = rootsWatch;
    if (w != null) {
      w.cancel();
    }
    for (Entry e : entries.values()) {
      synchronized (e) {
        if (e.timer != null) {
          e.timer.cancel(false);
        }
      }
    }
  }

  private CaState ca() {
    CaState ca = store.snapshot().ca();
    if (ca == null) {
      throw new IllegalStateException("cluster has no CA bootstrapped yet");
    }
    return ca;
  }

  private boolean needsIssue(Entry e, Instant now) {
    if (suspended) {
      if (e.cert == null) {
        throw new IllegalStateException("leaf issuance is suspended");
      }
      return false;
    }
    return e.cert == null
        || !now.isBefore(e.renewAt)
        || !now.isBefore(e.cert.validBefore())
        || !e.signingKeyId.equals(ca().activeRoot().signingKeyId());
  }

  // caller holds the entry lock; returns false when rate-limited but a still-valid cert is kept
  private void issue(Entry e, Instant now) {
    CaState ca = ca();
    limiter.setRate(ca.config().csrMaxPerSecond());
    if (!limiter.tryAcquire()) {
      if (e.cert != null && now.isBefore(e.cert.validBefore())) {
        // Consul: keep the old cert and retry later at a random point (30 s windows; 1 s here)
        schedule(e, Duration.ofMillis(100 + random.nextLong(RATE_LIMIT_RETRY.toMillis())));
        return;
      }
      throw new CsrRateLimitedException();
    }
    Duration ttl = ca.config().leafCertTtl();
    long serial = nextSerial();
    // the serial doubles as the issuance index: strictly increasing across all issuances and
    // restarts
    LeafSigner.SignedLeaf signed =
        signer.sign(ca(), serviceUri(e.service), e.service, serial, serial, now, ttl);
    e.cert = signed.cert();
    e.signingKeyId = signed.signingKeyId();
    e.history.addFirst(
        new IssuedLeaf(
            e.service,
            e.cert.serialNumber(),
            e.signingKeyId,
            e.cert.validAfter(),
            e.cert.validBefore()));
    while (e.history.size() > HISTORY) {
      e.history.removeLast();
    }
    e.renewAt =
        RenewalSchedule.renewalInstant(e.cert.validAfter(), e.cert.validBefore(), now, random);
    publish(e);
    LOG.debug("issued leaf {} for {}, renewal at {}", e.cert.serialNumber(), e.service, e.renewAt);
    schedule(e, Duration.between(clock.instant(), e.renewAt));
    watches.fire(List.of(e.service));
  }

  /**
   * Hands out serials from a durably reserved block ({@value #SERIAL_BLOCK} at a time): one log
   * write (and fsync) per block instead of one per issuance, and the next block is reserved when
   * half of the current one is used, so issuance rarely waits for that fsync. Serials left in a
   * block at shutdown (or in a reserved, unused next block) are skipped, never reused.
   */
  private long nextSerial() {
    synchronized (serialLock) {
      if (nextSerial == 0 || nextSerial > blockEnd) {
        CompletableFuture<Long> block =
            nextBlock != null && !nextBlock.isCompletedExceptionally() ? nextBlock : reserveBlock();
        nextBlock = null;
        long first;
        try {
          first = block.join();
        } catch (CompletionException ex) {
          // the store refused the write (closed or failed): surface its exception as apply would
          throw ex.getCause() instanceof RuntimeException re
              ? re
              : new IllegalStateException(ex.getCause());
        }
        nextSerial = first;
        blockEnd = first + SERIAL_BLOCK - 1;
      }
      if (nextBlock == null && blockEnd - nextSerial < SERIAL_BLOCK / 2) {
        // reserve the next block while this one still lasts, so issuing does not wait for its fsync
        nextBlock = reserveBlock();
      }
      return nextSerial++;
    }
  }

  /**
   * Reserves a block of serials ahead of the first issuance, unless this server holds one or is
   * reserving one: a cluster server that takes over the services of a killed server must then sign
   * their leaves without a Raft write, which waits for a new leader and, after an election, for the
   * follower's Raft client to find it (seconds, while the services' leaves run out). Asynchronous;
   * a failed reservation is retried by the next call or by the next issuance. Thread-safe.
   */
  public void reserveSerialsAhead() {
    synchronized (serialLock) {
      if (closed || (nextSerial != 0 && nextSerial <= blockEnd)) {
        return; // a block in use; the next one is reserved when half of it is used
      }
      if (nextBlock != null && !nextBlock.isCompletedExceptionally()) {
        return; // reserved or being reserved
      }
      nextBlock = reserveBlock();
      nextBlock.whenComplete(
          (first, e) -> {
            if (e != null) {
              LOG.debug("reserving leaf serials ahead failed (retried): {}", e.toString());
            }
          });
    }
  }

  private CompletableFuture<Long> reserveBlock() {
    return store
        .submit(new Command.ReserveLeafSerial(SERIAL_BLOCK))
        .thenApply(StateStore.Applied::result);
  }

  // caller holds the entry lock
  private void schedule(Entry e, Duration delay) {
    if (e.timer != null) {
      e.timer.cancel(false);
    }
    if (closed) {
      return;
    }
    long millis = Math.max(0, delay.toMillis());
    e.timer = timers.schedule(() -> renewLater(e), millis, TimeUnit.MILLISECONDS);
  }

  private void renewLater(Entry e) {
    try {
      renewals.execute(() -> onTimer(e));
    } catch (RejectedExecutionException ex) {
      LOG.debug("renewal of the leaf for {} not run: the server is stopping", e.service);
    }
  }

  private void onTimer(Entry e) {
    synchronized (e) {
      if (e.evicted || closed) {
        return;
      }
      try {
        Instant now = clock.instant();
        if (e.lastGet.plus(LAST_GET_TTL).isBefore(now)) {
          e.evicted = true;
          entries.remove(e.service, e);
          LOG.debug("leaf for {} not read for {}, dropped", e.service, LAST_GET_TTL);
          return;
        }
        if (needsIssue(e, now)) {
          issue(e, now);
        } else if (!suspended) {
          schedule(e, Duration.between(now, e.renewAt));
        }
      } catch (RuntimeException ex) {
        LOG.warn(
            "renewing the leaf for {} failed, retrying in {}: {}",
            e.service,
            RETRY_AFTER_FAILURE,
            ex.toString());
        schedule(e, RETRY_AFTER_FAILURE);
      }
    }
  }
}
