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
package io.nativemesh.vertx.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a wait of the mesh that outlasts {@link #AFTER} — a request waiting for the catalog's
 * first answer about its upstream, {@code ready()} waiting for the first leaf — once when it passes
 * the threshold ({@code WARN}) and once when it ends ({@code INFO}), naming where the wait started:
 * a Vert.x context (event loop or worker, and its thread) or a thread outside any context. The
 * report does not depend on that place: a request started outside a context gets a fresh context of
 * its own from Vert.x, and without this its stall would go unreported. Timers run on Vert.x, never
 * blocking. Thread-safe.
 */
public final class StallTrace {
  private static final Logger log = LoggerFactory.getLogger(StallTrace.class);

  /** How long a wait lasts before it is reported. */
  public static final Duration AFTER = Duration.ofSeconds(1);

  private static final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  private StallTrace() {}

  /**
   * @return where the current thread stands: {@code event-loop context on thread 'x'}, {@code
   *     worker context on thread 'x'} or {@code thread 'x' outside any Vert.x context}
   */
  public static String caller() {
    Context ctx = Vertx.currentContext();
    String thread = "thread '" + Thread.currentThread().getName() + "'";
    if (ctx == null) {
      return thread + " outside any Vert.x context";
    }
    return (ctx.isEventLoopContext() ? "event-loop" : "worker") + " context on " + thread;
  }

  /**
   * @param vertx the Vert.x instance (its timer)
   * @param what what waits, e.g. {@code request to upstream greeting}
   * @param forWhat what it waits for, e.g. {@code the catalog's first answer}
   * @param caller where the wait started ({@link #caller()}, taken on the caller's thread)
   * @param f the wait
   * @param <T> its result
   * @return {@code f}
   */
  public static <T> Future<T> watch(
      Vertx vertx, String what, String forWhat, String caller, Future<T> f) {
    if (f.isComplete()) {
      return f;
    }
    long start = System.nanoTime();
    AtomicBoolean reported = new AtomicBoolean();
    long timer =
        vertx.setTimer(
            AFTER.toMillis(),
            id -> {
              if (!f.isComplete() && reported.compareAndSet(false, true)) {
                emit(
                    true,
                    what
                        + " has waited "
                        + AFTER.toMillis()
                        + " ms for "
                        + forWhat
                        + " (started on "
                        + caller
                        + ")");
              }
            });
    f.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          if (reported.get()) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            emit(
                false,
                what
                    + (ar.succeeded() ? " got " : " gave up waiting for ")
                    + forWhat
                    + " after "
                    + ms
                    + " ms (started on "
                    + caller
                    + ")"
                    + (ar.succeeded() ? "" : ": " + ar.cause()));
          }
        });
    return f;
  }

  private static void emit(boolean warn, String line) {
    if (warn) {
      log.warn(line);
    } else {
      log.info(line);
    }
    listeners.forEach(l -> l.accept(line));
  }

  /**
   * Also hands every report to {@code listener} (diagnostics, tests).
   *
   * @param listener called on a Vert.x thread with each report line
   * @return removes the listener
   */
  public static AutoCloseable addListener(Consumer<String> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
