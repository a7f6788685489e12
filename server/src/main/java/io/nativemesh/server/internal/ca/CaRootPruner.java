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

import io.nativemesh.server.internal.state.CaState;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.Table;
import io.nativemesh.server.internal.state.Watch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes rotated-out roots once their {@code RotatedOutAt} is older than 2 × {@code LeafCertTTL}
 * (docs/consul-api.md, "Pruning rotated-out roots"; Consul's {@code
 * agent/consul/leader_connect_ca.go}): by then every leaf signed by them has expired. Re-plans
 * whenever the roots table changes and otherwise sleeps until the earliest due root (re-checking at
 * least every {@link #MAX_SLEEP}, so a clock that jumps is noticed). The removal is a {@link
 * Command.PruneCaRoots} through the state machine. Thread-safe.
 */
public final class CaRootPruner implements AutoCloseable {
  /** Longest sleep between checks. */
  public static final Duration MAX_SLEEP = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(CaRootPruner.class);

  private final StateStore store;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private ScheduledFuture<?> timer;
  private Watch watch;
  private boolean closed;

  /**
   * @param store the state store
   * @param clock the time source ({@code RotatedOutAt} is recorded from the same clock)
   * @param timers the scheduler
   */
  public CaRootPruner(StateStore store, Clock clock, ScheduledExecutorService timers) {
    this.store = store;
    this.clock = clock;
    this.timers = timers;
  }

  /** Starts watching; call once after the CA is bootstrapped. */
  public synchronized void start() {
    replan();
  }

  private synchronized void replan() {
    if (closed) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    if (watch != null) {
      watch.cancel();
    }
    Watch w = store.watch(List.of(Table.CA_ROOTS));
    watch = w;
    w.fired().thenRunAsync(this::replan, timers);
    Duration sleep = pruneDue();
    timer = timers.schedule(this::replan, Math.max(1, sleep.toMillis()), TimeUnit.MILLISECONDS);
  }

  /**
   * Prunes what is due now.
   *
   * @return how long until the next root is due (capped at {@link #MAX_SLEEP})
   */
  Duration pruneDue() {
    CaState ca = store.snapshot().ca();
    if (ca == null) {
      return MAX_SLEEP;
    }
    Instant now = clock.instant();
    Duration keep = ca.config().leafCertTtl().multipliedBy(2);
    List<String> due = new ArrayList<>();
    Duration next = MAX_SLEEP;
    for (Map.Entry<String, Instant> e : ca.rotatedOutAt().entrySet()) {
      Instant at = e.getValue().plus(keep);
      if (!now.isBefore(at)) {
        due.add(e.getKey());
      } else if (Duration.between(now, at).compareTo(next) < 0) {
        next = Duration.between(now, at);
      }
    }
    if (!due.isEmpty()) {
      try {
        store.apply(new Command.PruneCaRoots(due));
        LOG.info("pruned {} CA root(s) rotated out more than {} ago: {}", due.size(), keep, due);
      } catch (RuntimeException ex) {
        LOG.warn("pruning CA roots failed, retrying: {}", ex.toString());
        return Duration.ofSeconds(1);
      }
    }
    return next;
  }

  /** Stops the timer and the watch. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.cancel(false);
    }
    if (watch != null) {
      watch.cancel();
    }
  }
}
