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
package io.nativemesh.discovery.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-instance counters: outstanding requests or connections (for least-outstanding balancing) and
 * consecutive connect failures driving outlier ejection with a timed return. Time is a {@link
 * System#nanoTime()}-style reading passed in. Thread-safe.
 */
public final class EndpointStats {
  private final AtomicInteger outstanding = new AtomicInteger();
  private int consecutiveFailures;
  private int ejectionsInARow;
  private long ejectedUntil;
  private boolean ejected;

  /**
   * @return requests or connections in flight on this instance
   */
  public int outstanding() {
    return outstanding.get();
  }

  /** One more request or connection in flight. */
  public void acquire() {
    outstanding.incrementAndGet();
  }

  /** One fewer request or connection in flight. */
  public void release() {
    outstanding.decrementAndGet();
  }

  /** A connect and handshake succeeded: the failure streak and the ejection back-off reset. */
  public synchronized void success() {
    consecutiveFailures = 0;
    ejectionsInARow = 0;
  }

  /**
   * A connect or handshake failed.
   *
   * @param now current time in nanoseconds
   * @param threshold consecutive failures that eject
   * @param base first ejection time
   * @param max longest ejection time
   * @return true if this failure ejected the instance
   */
  public synchronized boolean failure(long now, int threshold, Duration base, Duration max) {
    if (++consecutiveFailures < threshold || isEjected(now)) {
      return false;
    }
    consecutiveFailures = 0;
    ejectionsInARow++;
    long nanos = Math.min(base.toNanos() * ejectionsInARow, max.toNanos());
    ejectedUntil = now + nanos;
    ejected = true;
    return true;
  }

  /**
   * @param now current time in nanoseconds
   * @return true while the instance is ejected
   */
  public synchronized boolean isEjected(long now) {
    if (ejected && now - ejectedUntil >= 0) {
      ejected = false; // timed return
    }
    return ejected;
  }

  /**
   * @return when the current ejection ends, in nanoseconds (meaningful while ejected)
   */
  public synchronized long ejectedUntil() {
    return ejectedUntil;
  }
}
