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
package io.nativemesh.server.internal.agent;

import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.StoredCheck;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's TTL check timers (Consul: {@code CheckTTL}): every registration or status update of a
 * TTL check re-arms its timer; when the TTL passes without an update, the check turns {@code
 * critical} with output {@code TTL expired}. Timers are agent-local (they are not state); their
 * expiry is written through the state machine like any other update. Thread-safe.
 */
public final class TtlCheckMonitor {
  /** Consul's output for an expired TTL check. */
  public static final String TTL_EXPIRED = "TTL expired";

  private static final Logger LOG = LoggerFactory.getLogger(TtlCheckMonitor.class);

  private final StateStore store;
  private final ScheduledExecutorService timers;
  private final ConcurrentHashMap<String, ScheduledFuture<?>> armed = new ConcurrentHashMap<>();
  private volatile TimerRelay relay; // cluster mode: only the leader runs the timers

  /**
   * Cluster mode: arms and disarms go to the leader through {@code relay} unless this server leads;
   * timers fire only while it does.
   *
   * @param relay the relay
   */
  public void relayTo(TimerRelay relay) {
    this.relay = relay;
  }

  /**
   * @param store the state store
   * @param timers scheduler for expiry timers
   */
  public TtlCheckMonitor(StateStore store, ScheduledExecutorService timers) {
    this.store = store;
    this.timers = timers;
  }

  /**
   * (Re-)arms the timer of a TTL check.
   *
   * @param checkId the check ID
   * @param ttl its TTL, positive
   */
  public void arm(String checkId, Duration ttl) {
    TimerRelay r = relay;
    if (r != null && r.forward(TimerRelay.Kind.CHECK, checkId, ttl)) {
      return;
    }
    armHere(checkId, ttl);
  }

  /**
   * (Re-)arms the timer on this server, whoever leads (the leader, for a relayed arm).
   *
   * @param checkId the ID
   * @param ttl the TTL
   */
  public void armHere(String checkId, Duration ttl) {
    ScheduledFuture<?>[] holder = new ScheduledFuture<?>[1];
    armed.compute(
        checkId,
        (id, old) -> {
          if (old != null) {
            old.cancel(false);
          }
          holder[0] =
              timers.schedule(() -> expire(id, holder[0]), ttl.toNanos(), TimeUnit.NANOSECONDS);
          return holder[0];
        });
  }

  /**
   * Stops the timer of a removed check. Idempotent.
   *
   * @param checkId the check ID
   */
  public void disarm(String checkId) {
    TimerRelay r = relay;
    if (r != null && r.forward(TimerRelay.Kind.CHECK, checkId, null)) {
      return;
    }
    disarmHere(checkId);
  }

  /**
   * Stops the timer on this server. Idempotent.
   *
   * @param checkId the ID
   */
  public void disarmHere(String checkId) {
    ScheduledFuture<?> f = armed.remove(checkId);
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Stops all timers. */
  public void close() {
    armed.values().forEach(f -> f.cancel(false));
    armed.clear();
  }

  private void expire(String checkId, ScheduledFuture<?> self) {
    TimerRelay r = relay;
    if (r != null && !r.leading()) {
      armed.remove(checkId, self);
      return; // leadership moved; the new leader re-armed it
    }
    if (!armed.remove(checkId, self)) {
      return; // re-armed or disarmed meanwhile
    }
    StoredCheck c = store.snapshot().checks().get(checkId);
    if (c == null || c.ttl() == null) {
      return;
    }
    HealthCheck h = c.check();
    if (HealthCheck.CRITICAL.equals(h.status()) && TTL_EXPIRED.equals(h.output())) {
      return;
    }
    // submitted, not awaited: with a data dir the write waits for an fsync, and the timer thread
    // must not hold every other expiry behind it
    store
        .submit(new Command.UpdateCheck(checkId, HealthCheck.CRITICAL, TTL_EXPIRED))
        .whenComplete(
            (applied, e) -> {
              if (e == null) {
                LOG.info("check {} TTL ({}) expired, now critical", checkId, c.ttl());
              } else {
                LOG.warn("marking check {} critical failed: {}", checkId, e.toString());
              }
            });
  }
}
