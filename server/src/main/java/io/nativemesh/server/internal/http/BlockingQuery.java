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
    Pending pending = new Pending(request.executor(), p.index(), watchFactory, query);
    pending.start(waitNanos + jitter);
    return pending.future;
  }

  private static final class Pending {
    final CompletableFuture<ApiResponse> future = new CompletableFuture<>();
    final EventExecutor executor;
    final long minIndex;
    final Supplier<Watch> watchFactory;
    final Supplier<ApiResponse> query;
    Watch watch;
    ScheduledFuture<?> timeout;

    Pending(
        EventExecutor executor,
        long minIndex,
        Supplier<Watch> watchFactory,
        Supplier<ApiResponse> query) {
      this.executor = executor;
      this.minIndex = minIndex;
      this.watchFactory = watchFactory;
      this.query = query;
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
        watch = null;
        ApiResponse first;
        try {
          first = query.get();
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
          return;
        }
        if (first.indexOrZero() > minIndex || first.index() == null) {
          future.complete(first);
          return;
        }
      }
      Watch w = watchFactory.get();
      ApiResponse r;
      try {
        r = query.get();
      } catch (RuntimeException e) {
        w.cancel();
        future.completeExceptionally(e);
        return;
      }
      if (r.indexOrZero() > minIndex || r.index() == null) {
        w.cancel();
        future.complete(r);
        return;
      }
      watch = w;
      w.fired().thenRunAsync(this::attempt, executor);
    }

    void onTimeout() {
      if (future.isDone()) {
        return;
      }
      try {
        future.complete(query.get());
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    }

    void cleanup() {
      if (watch != null) {
        watch.cancel();
      }
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
  }
}
