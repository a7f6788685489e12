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
package io.nativemesh.server.internal.acl;

import io.nativemesh.server.internal.state.AclToken;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes ACL tokens whose {@code ExpirationTime} has passed (Consul's leader routine {@code
 * reapExpiredTokens}). Until it runs, an expired token already resolves like an unknown one and is
 * hidden from reads and lists ({@link Acl}, the token endpoints), so the reaper only frees the
 * state. It scans on a fixed delay on the shared scheduler and deletes through the state machine
 * ({@link Command.DeleteAclToken}), so a restart or a snapshot never brings a reaped token back.
 * Thread-safe.
 */
public final class AclTokenReaper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AclTokenReaper.class);

  private final StateStore store;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private final Duration every;
  private volatile BooleanSupplier leading = () -> true;
  private ScheduledFuture<?> task;

  /**
   * @param store the state store
   * @param clock the time source tokens' expiration is compared with (the server's clock)
   * @param timers the shared scheduler
   * @param every how often to scan (positive)
   */
  public AclTokenReaper(
      StateStore store, Clock clock, ScheduledExecutorService timers, Duration every) {
    this.store = store;
    this.clock = clock;
    this.timers = timers;
    this.every = every;
  }

  /**
   * Limits the scans to while {@code leading} answers true: in a cluster only the Raft leader
   * reaps, so that one expiry is deleted once cluster-wide (docs/cluster.md). A single server
   * always reaps.
   *
   * @param leading whether this server leads now; called on the scheduler's thread
   * @return this reaper
   */
  public AclTokenReaper onlyWhile(BooleanSupplier leading) {
    this.leading = leading;
    return this;
  }

  /** Starts the periodic scan. */
  public synchronized void start() {
    long ms = Math.max(1, every.toMillis());
    task = timers.scheduleWithFixedDelay(this::reapSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void reapSafely() {
    if (!leading.getAsBoolean()) {
      return;
    }
    try {
      reap();
    } catch (RuntimeException e) {
      LOG.warn("reaping expired ACL tokens failed: {}", e.toString());
    }
  }

  /**
   * Deletes every token expired by now; blocks until each deletion is durable.
   *
   * @return how many tokens were deleted
   */
  public int reap() {
    Instant now = clock.instant();
    int n = 0;
    for (AclToken t : store.snapshot().aclTokens().values()) {
      if (t.expired(now)) {
        store.apply(new Command.DeleteAclToken(t.accessorId()));
        LOG.info("reaped expired ACL token {}", t.accessorId());
        n++;
      }
    }
    return n;
  }

  /** Stops the scan. Idempotent. */
  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
