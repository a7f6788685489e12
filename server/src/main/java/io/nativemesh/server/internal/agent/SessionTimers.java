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

import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.Session;
import io.nativemesh.server.internal.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session TTL timers (Consul: the leader's {@code sessionTimers}): a session with a TTL is
 * invalidated when it is not renewed within {@value #TTL_MULTIPLIER} × TTL (Consul's {@code
 * SessionTTLMultiplier}; the docs say "reaping may take up to 2 × TTL"). Timers are not state: on
 * restart every TTL session gets a fresh full period, as after a Consul leader election.
 * Invalidation is a {@link Command.DestroySession} through the state machine, which releases or
 * deletes held keys and applies the lock-delay. Thread-safe.
 */
public final class SessionTimers {
  /** Consul's {@code SessionTTLMultiplier}. */
  public static final int TTL_MULTIPLIER = 2;

  private static final Logger LOG = LoggerFactory.getLogger(SessionTimers.class);
  private final StateStore store;
  private final ScheduledExecutorService timers;
  private final Clock clock;
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
   * @param timers the scheduler
   * @param clock time source for the invalidation time (lock-delay)
   */
  public SessionTimers(StateStore store, ScheduledExecutorService timers, Clock clock) {
    this.store = store;
    this.timers = timers;
    this.clock = clock;
  }

  /** Arms a timer for every TTL session in the current state (after a restart). */
  public void armAll() {
    for (Session s : store.snapshot().sessions().values()) {
      if (s.ttl() != null) {
        arm(s.id(), s.ttl());
      }
    }
  }

  /**
   * (Re-)arms a session's timer (create, renew).
   *
   * @param id the session ID
   * @param ttl its TTL
   */
  public void arm(String id, Duration ttl) {
    TimerRelay r = relay;
    if (r != null && r.forward(TimerRelay.Kind.SESSION, id, ttl)) {
      return;
    }
    armHere(id, ttl);
  }

  /**
   * (Re-)arms the timer on this server, whoever leads (the leader, for a relayed arm).
   *
   * @param id the ID
   * @param ttl the TTL
   */
  public void armHere(String id, Duration ttl) {
    ScheduledFuture<?>[] holder = new ScheduledFuture<?>[1];
    armed.compute(
        id,
        (k, old) -> {
          if (old != null) {
            old.cancel(false);
          }
          holder[0] =
              timers.schedule(
                  () -> expire(k, holder[0]), ttl.toNanos() * TTL_MULTIPLIER, TimeUnit.NANOSECONDS);
          return holder[0];
        });
  }

  /**
   * Stops a destroyed session's timer. Idempotent.
   *
   * @param id the session ID
   */
  public void disarm(String id) {
    TimerRelay r = relay;
    if (r != null && r.forward(TimerRelay.Kind.SESSION, id, null)) {
      return;
    }
    disarmHere(id);
  }

  /**
   * Stops the timer on this server. Idempotent.
   *
   * @param id the ID
   */
  public void disarmHere(String id) {
    ScheduledFuture<?> f = armed.remove(id);
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Stops all timers. */
  public void close() {
    armed.values().forEach(f -> f.cancel(false));
    armed.clear();
  }

  private void expire(String id, ScheduledFuture<?> self) {
    TimerRelay r = relay;
    if (r != null && !r.leading()) {
      armed.remove(id, self);
      return; // leadership moved; the new leader re-armed it
    }
    if (!armed.remove(id, self)) {
      return;
    }
    // submitted, not awaited: the timer thread must not wait for an fsync (see TtlCheckMonitor)
    store
        .submit(new Command.DestroySession(id, clock.instant()))
        .whenComplete(
            (applied, e) -> {
              if (e == null) {
                LOG.info("session {} expired (TTL not renewed), invalidated", id);
              } else {
                LOG.warn("invalidating session {} failed: {}", id, e.toString());
              }
            });
  }
}
