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
package io.nativemesh.gossip.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Lifeguard's Local Health Aware Suspicion (memberlist {@code suspicion.go}): the timer starts at
 * {@code max} (or {@code min} when no confirmations are expected, k &lt; 1) and every suspect
 * message from a new accuser shortens it to {@code max - ln(c+1)/ln(k+1) * (max - min)} (floored to
 * whole milliseconds, never below min). Thread-safe.
 */
public final class Suspicion {
  private final int k;
  private final long minNanos;
  private final long maxNanos;
  private final Ticker ticker;
  private final IntConsumer onTimeout;
  private final long start;
  private final Set<String> confirmations = new HashSet<>();
  private int n;
  private Ticker.Cancellable timer;
  private boolean fired;

  /**
   * @param from the first accuser (does not count as a confirmation)
   * @param k wanted independent confirmations
   * @param onTimeout called once with the number of confirmations when the timer fires
   */
  public Suspicion(
      String from, int k, long minNanos, long maxNanos, Ticker ticker, IntConsumer onTimeout) {
    this.k = k;
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
    this.ticker = ticker;
    this.onTimeout = onTimeout;
    this.confirmations.add(from);
    this.start = ticker.nanoTime();
    synchronized (this) {
      this.timer = ticker.schedule(this::fire, k < 1 ? minNanos : maxNanos);
    }
  }

  /** Remaining time after {@code n} of {@code k} confirmations, {@code elapsed} after the start. */
  public static long remainingNanos(int n, int k, long elapsedNanos, long minNanos, long maxNanos) {
    double frac = Math.log(n + 1.0) / Math.log(k + 1.0);
    double raw = maxNanos / 1e9 - frac * (maxNanos / 1e9 - minNanos / 1e9);
    long timeout = (long) Math.floor(1000.0 * raw) * 1_000_000L;
    if (timeout < minNanos) {
      timeout = minNanos;
    }
    return timeout - elapsedNanos;
  }

  /**
   * Registers a suspect message from {@code from}.
   *
   * @return true if it was a new confirmation (the caller then re-gossips it)
   */
  public boolean confirm(String from) {
    synchronized (this) {
      if (n >= k || fired || confirmations.contains(from)) {
        return false;
      }
      confirmations.add(from);
      n++;
      long remaining = remainingNanos(n, k, ticker.nanoTime() - start, minNanos, maxNanos);
      if (timer.cancel()) {
        timer = ticker.schedule(this::fire, Math.max(0, remaining));
      }
      return true;
    }
  }

  /** Number of confirmations so far. */
  public synchronized int confirmations() {
    return n;
  }

  /** Stops the timer (the node was refuted or declared dead another way). */
  public synchronized void cancel() {
    fired = true;
    timer.cancel();
  }

  private void fire() {
    int c;
    synchronized (this) {
      if (fired) {
        return;
      }
      fired = true;
      c = n;
    }
    onTimeout.accept(c);
  }
}
