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
package io.nativemesh.server.internal.http;

import io.nativemesh.core.GoDuration;
import io.nativemesh.server.internal.state.Watch;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Consul's blocking-query semantics (docs/consul-api.md, "Blocking queries"; Consul's {@code
 * agent/blockingquery}): without {@code index} (or with 0) the query answers at once; otherwise it
 * answers as soon as the result index is strictly greater than {@code index}, or after {@code wait}
 * (default 5 min, capped at 10 min) plus a random jitter of up to {@code wait/16}, with the current
 * data and unchanged index.
 *
 * <p>No thread waits: the query parks a {@link Watch} future and re-runs on the connection's event
 * loop when it fires; the timeout is an event-loop timer. Cancelling the returned future (client
 * disconnect) unregisters both. Thread-safe; each query is confined to its event loop.
 *
 * <p>ACL re-check (issue 18): when the request passed ACL checks ({@link
 * ApiRequest#recordAuthCheck}), the parked query also watches the ACL tables and, on every wake-up
 * and at the timeout, re-runs those checks before answering: a token deleted or stripped of the
 * permission while the query was parked gets its 403 ({@code ACL not found} / {@code Permission
 * denied}), never the new data.
 */
public final class BlockingQuery {
  /** Consul's default {@code wait}: 5 minutes. */
  public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

  /** Consul's maximum {@code wait}: 10 minutes. */
  public static final Duration MAX_WAIT = Duration.ofMinutes(10);

  /** Consul's {@code JitterFraction}. */
  public static final int JITTER_FRACTION = 16;

  /**
   * Parsed blocking parameters.
   *
   * @param index the client's index; 0 = non-blocking
   * @param waitTime the wait, already defaulted and capped
   */
  public record Params(long index, Duration waitTime) {}

  private BlockingQuery() {}

  /**
   * @param request the request
   * @return its blocking parameters
   * @throws HttpError 400 {@code Invalid index} / {@code Invalid wait time} (Consul's wording)
   */
  public static Params parse(ApiRequest request) {
    long index = 0;
    String idx = request.query("index");
    if (idx != null && !idx.isEmpty()) {
      try {
        index = Long.parseUnsignedLong(idx);
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Invalid index");
      }
      if (index < 0) {
        // above 2^63: no server index will ever exceed it; clamp rather than overflow
        index = Long.MAX_VALUE;
      }
    }
    Duration wait = DEFAULT_WAIT;
    String w = request.query("wait");
    if (w != null && !w.isEmpty()) {
      try {
        wait = GoDuration.parse(w);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("Invalid wait time");
      }
      if (wait.isNegative()) {
        throw HttpError.badRequest("Invalid wait time");
      }
      if (wait.isZero()) {
        wait = DEFAULT_WAIT;
      }
      if (wait.compareTo(MAX_WAIT) > 0) {
        wait = MAX_WAIT;
      }
    }
    return new Params(index, wait);
  }

  /**
   * Runs a query with blocking semantics.
   *
   * @param request the request (supplies {@code index}, {@code wait} and the event loop)
   * @param watchFactory parks a watcher on everything the query reads; called before each run
   * @param query produces the current result; its {@link ApiResponse#index()} is compared
   * @param random jitter source
   * @return the response future; cancel it to abandon the query
   * @throws HttpError 400 for an invalid {@code index} or {@code wait}
   */
  public static CompletableFuture<ApiResponse> run(
      ApiRequest request,
      Supplier<Watch> watchFactory,
      Supplier<ApiResponse> query,
      RandomGenerator random) {
    Params p = parse(request);
    if (p.index() == 0) {
      return CompletableFuture.completedFuture(query.get());
    }
    long waitNanos = p.waitTime().toNanos();
    long jitter = random.nextLong(waitNanos / JITTER_FRACTION + 1);
    Pending pending = new Pending(request, p.index(), watchFactory, query);
    pending.start(waitNanos + jitter);
    return pending.future;
  }

  private static final class Pending {
    final CompletableFuture<ApiResponse> future = new CompletableFuture<>();
    final ApiRequest request;
    final EventExecutor executor;
    final long minIndex;
    final Supplier<Watch> watchFactory;
    final Supplier<ApiResponse> query;
    Watch watch;
    Watch aclWatch;
    ScheduledFuture<?> timeout;

    Pending(
        ApiRequest request,
        long minIndex,
        Supplier<Watch> watchFactory,
        Supplier<ApiResponse> query) {
      this.request = request;
      this.executor = request.executor();
      this.minIndex = minIndex;
      this.watchFactory = watchFactory;
      this.query = query;
    }

    /** Re-authorizes and runs the query; an ACL failure surfaces as the 403 it throws. */
    ApiResponse recheckedQuery() {
      request.reauthorize();
      return query.get();
    }

    void start(long timeoutNanos) {
      future.whenComplete(
          (r, e) -> {
            if (executor.inEventLoop()) {
              cleanup();
            } else {
              executor.execute(this::cleanup);
            }
          });
      timeout = executor.schedule(this::onTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
      attempt();
    }

    void attempt() {
      if (future.isDone()) {
        return;
      }
      if (watch != null) {
        // woken: most wake-ups answer, so look before registering again (saves a register/cancel
        // pair per watcher when a write fans out to thousands of them)
        cancelWatches();
        ApiResponse first;
        try {
          first = recheckedQuery();
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
          return;
        }
        if (first.indexOrZero() > minIndex || first.index() == null) {
          future.complete(first);
          return;
        }
      }
      Supplier<Watch> aclWatchFactory = request.authWatch();
      Watch w = watchFactory.get();
      Watch aw = aclWatchFactory == null ? null : aclWatchFactory.get();
      ApiResponse r;
      try {
        r = recheckedQuery();
      } catch (RuntimeException e) {
        cancel(w, aw);
        future.completeExceptionally(e);
        return;
      }
      if (r.indexOrZero() > minIndex || r.index() == null) {
        cancel(w, aw);
        future.complete(r);
        return;
      }
      watch = w;
      aclWatch = aw;
      w.fired().thenRunAsync(() -> woken(w), executor);
      if (aw != null) {
        aw.fired().thenRunAsync(() -> woken(w), executor);
      }
    }

    /** Ignores a stale wake-up from a watch pair already replaced. */
    void woken(Watch w) {
      if (watch == w) {
        attempt();
      }
    }

    static void cancel(Watch w, Watch aw) {
      w.cancel();
      if (aw != null) {
        aw.cancel();
      }
    }

    void cancelWatches() {
      cancel(watch, aclWatch);
      watch = null;
      aclWatch = null;
    }

    void onTimeout() {
      if (future.isDone()) {
        return;
      }
      try {
        future.complete(recheckedQuery());
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    }

    void cleanup() {
      if (watch != null) {
        cancelWatches();
      }
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
  }
}
