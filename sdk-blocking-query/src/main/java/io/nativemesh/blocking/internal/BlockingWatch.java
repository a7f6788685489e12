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
package io.nativemesh.blocking.internal;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.resilience4j.core.IntervalFunction;
import io.nativemesh.blocking.Fetcher;
import io.nativemesh.blocking.Watch;
import io.nativemesh.blocking.WatchListener;
import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch loop. State is guarded by {@code this}. Each value the loop keeps gets a version
 * number; each listener is called under its own lock ({@link Subscriber}) and only with a version
 * newer than the last it saw, so it sees values in order, never an older one. A thread that
 * subscribes or reads {@link #current()} takes no lock the loop holds: it reads the volatile {@link
 * Kept} (a Vert.x event loop subscribing while the loop works or another listener is being called
 * must not block), and the fetch itself is started outside the state lock.
 *
 * @param <T> value type
 */
public final class BlockingWatch<T> implements Watch<T> {
  private static final Logger log = LoggerFactory.getLogger(BlockingWatch.class);

  private final String description;
  private final Fetcher<T> fetcher;
  private final QueryOptions base;
  private final WatchOptions options;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Bucket bucket;
  private final IntervalFunction backoff;
  private final List<Subscriber<T>> subscribers = new CopyOnWriteArrayList<>();
  private final CompletableFuture<T> first = new CompletableFuture<>();

  private long index;
  private String hash;
  private volatile Kept<T> kept; // the newest value, its index and version; written under this
  private int failures;
  private Instant lastSuccess;
  private boolean closed;
  private boolean started;
  private CompletableFuture<QueryResult<T>> inFlight;
  private ScheduledFuture<?> pending;
  private CompletableFuture<T> refreshWaiter;

  /**
   * @param description endpoint and parameters, for logs
   * @param fetcher the read
   * @param base the endpoint's own query parameters (index and wait are set by the loop)
   * @param options loop tuning
   * @param scheduler runs delayed retries; not owned
   * @param clock time source for the rate limiter
   */
  public BlockingWatch(
      String description,
      Fetcher<T> fetcher,
      QueryOptions base,
      WatchOptions options,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.description = description;
    this.fetcher = fetcher;
    this.base = base;
    this.options = options;
    this.scheduler = scheduler;
    this.clock = clock;
    this.bucket = rateLimit(options, clock);
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            options.initialBackoff().toMillis(), 2.0, 0.5, options.maxBackoff().toMillis());
  }

  /**
   * The loop's rate limit: a token bucket (Bucket4j) of {@link WatchOptions#burst()} calls, one
   * call earned back per {@link WatchOptions#refillInterval()} (continuously: half an interval
   * earns half a call), starting full, measured on {@code clock}.
   *
   * @param options the burst and the refill interval
   * @param clock the time source
   * @return the bucket; thread-safe
   */
  static Bucket rateLimit(WatchOptions options, Clock clock) {
    Duration refill = Duration.ofNanos(Math.max(1, options.refillInterval().toNanos()));
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(options.burst()).refillGreedy(1, refill))
        .withCustomTimePrecision(
            new TimeMeter() {
              @Override
              public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
              }

              @Override
              public boolean isWallClockBased() {
                return true;
              }
            })
        .build();
  }

  /** Starts the loop; idempotent. */
  public synchronized void start() {
    if (!started && !closed) {
      started = true;
      schedule(Duration.ZERO);
    }
  }

  @Override
  public AutoCloseable subscribe(WatchListener<T> listener) {
    Subscriber<T> sub = new Subscriber<>(listener, description);
    subscribers.add(sub);
    Kept<T> k = kept;
    if (k != null) {
      sub.offer(k.value(), k.index(), k.version());
    }
    return () -> subscribers.remove(sub);
  }

  @Override
  public Optional<T> current() {
    Kept<T> k = kept;
    return k == null ? Optional.empty() : Optional.of(k.value());
  }

  @Override
  public synchronized long index() {
    return index;
  }

  @Override
  public CompletableFuture<T> firstValue() {
    return first;
  }

  @Override
  public CompletableFuture<T> refreshNow() {
    CompletableFuture<T> waiter;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("watch closed: " + description));
      }
      if (refreshWaiter == null) {
        refreshWaiter = new CompletableFuture<>();
      }
      waiter = refreshWaiter;
      index = 0;
      hash = null;
      if (inFlight != null) {
        CompletableFuture<QueryResult<T>> f = inFlight;
        inFlight = null;
        f.cancel(true);
      }
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
      schedule(Duration.ZERO);
    }
    return waiter;
  }

  @Override
  public synchronized int consecutiveFailures() {
    return failures;
  }

  @Override
  public synchronized Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    CompletableFuture<QueryResult<T>> f;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      f = inFlight;
      inFlight = null;
      if (pending != null) {
        pending.cancel(false);
      }
      if (refreshWaiter != null) {
        refreshWaiter.completeExceptionally(
            new CancellationException("watch closed: " + description));
      }
    }
    if (f != null) {
      f.cancel(true);
    }
    first.completeExceptionally(new CancellationException("watch closed: " + description));
  }

  private void schedule(Duration delay) {
    if (closed) {
      return;
    }
    try {
      pending = scheduler.schedule(this::runOnce, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("scheduler shut down; watch {} stops", description);
    }
  }

  private void runOnce() {
    QueryOptions q;
    CompletableFuture<QueryResult<T>> slot = new CompletableFuture<>();
    synchronized (this) {
      pending = null;
      if (closed || inFlight != null) {
        return;
      }
      ConsumptionProbe token = bucket.tryConsumeAndReturnRemaining(1);
      if (!token.isConsumed()) {
        schedule(Duration.ofNanos(token.getNanosToWaitForRefill()));
        return;
      }
      if (options.hashBlocking()) {
        q = hash == null ? base : base.hashBlocking(hash, options.waitTime());
      } else {
        q = index == 0 ? base : base.blocking(index, options.waitTime());
      }
      inFlight = slot; // the call's place, taken before the call starts outside the lock
    }
    CompletableFuture<QueryResult<T>> call;
    try {
      call = fetcher.fetch(q);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<QueryResult<T>> started = call;
    // refreshNow() or close() cancel the slot; the cancellation reaches the HTTP call
    slot.whenComplete(
        (r, err) -> {
          if (slot.isCancelled()) {
            started.cancel(true);
          }
        });
    started.whenComplete(
        (r, err) -> {
          if (err != null) {
            slot.completeExceptionally(err);
          } else {
            slot.complete(r);
          }
        });
    slot.whenComplete((r, err) -> onComplete(slot, r, err));
  }

  private void onComplete(CompletableFuture<QueryResult<T>> call, QueryResult<T> r, Throwable err) {
    T deliver = null;
    RuntimeException error = null;
    int failuresNow;
    CompletableFuture<T> waiter = null;
    synchronized (this) {
      if (inFlight != call) {
        return; // cancelled by refreshNow() or close()
      }
      inFlight = null;
      if (closed) {
        return;
      }
      if (err != null) {
        Throwable cause =
            err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        error = cause instanceof RuntimeException re ? re : new RuntimeException(cause);
        failures++;
        index = 0; // Go api/watch: an error drops the plan back to a non-blocking read
        hash = null;
        failuresNow = failures;
        long delay = backoff.apply(Math.min(failures, 30));
        waiter = refreshWaiter;
        refreshWaiter = null;
        schedule(Duration.ofMillis(delay));
      } else {
        failures = 0;
        failuresNow = 0;
        lastSuccess = clock.instant();
        long newIndex = r.meta().index();
        if (newIndex < index) {
          log.info(
              "{}: index went backwards ({} -> {}); resetting to 0", description, index, newIndex);
          index = 0;
        } else {
          index = Math.max(1, newIndex);
        }
        hash = r.meta().contentHash();
        T value = r.value();
        Kept<T> before = kept;
        if (value != null && (before == null || !value.equals(before.value()))) {
          kept = new Kept<>(value, Math.max(1, index), before == null ? 1 : before.version() + 1);
          deliver = value;
        }
        waiter = refreshWaiter;
        refreshWaiter = null;
        if (waiter != null && value == null) {
          waiter.completeExceptionally(new IllegalStateException(description + ": empty response"));
          waiter = null;
        } else if (waiter != null) {
          T v = value;
          CompletableFuture<T> w = waiter;
          waiter = null;
          scheduler.execute(() -> w.complete(v));
        }
        schedule(Duration.ZERO);
      }
    }
    if (error != null) {
      log.debug("{} failed ({} consecutive): {}", description, failuresNow, error.toString());
      if (waiter != null) {
        waiter.completeExceptionally(error);
      }
      for (Subscriber<T> sub : subscribers) {
        sub.error(error, failuresNow);
      }
      return;
    }
    if (deliver != null) {
      // a later read may have overtaken this one: always deliver the newest, never an older value
      Kept<T> newest = kept;
      for (Subscriber<T> sub : subscribers) {
        sub.offer(newest.value(), newest.index(), newest.version());
      }
      first.complete(deliver);
    }
  }

  /**
   * The newest value with its Consul index (≥ 1) and its version (1 for the first, +1 for each
   * change).
   */
  private record Kept<T>(T value, long index, long version) {}

  @Override
  public String toString() {
    return "Watch[" + description + "]";
  }
}
