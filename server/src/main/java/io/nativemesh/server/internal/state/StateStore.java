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
package io.nativemesh.server.internal.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer in front of the {@link StateMachine}: assigns each command the next index and
 * applies it to the pending state; publishes the new immutable snapshot with one volatile write and
 * wakes the watchers of the touched tables. Reads ({@link #snapshot()}) never lock.
 *
 * <p>Without a {@link CommandLog} (dev mode) a command is published as soon as it is applied. With
 * a log, commands are appended in index order and a committer thread makes each group durable with
 * a single {@link CommandLog#sync()} (group commit: every writer that arrived during the previous
 * sync shares the next one); only then is the group published and acknowledged — readers never see
 * a write that could be lost, and a write is acknowledged only once it survives {@code kill -9}
 * (Consul: the FSM applies committed Raft entries only). Every {@value #SNAPSHOT_EVERY} commands,
 * and whenever the log asks for compaction ({@link CommandLog#wantsCompaction()}), the committer
 * writes a snapshot, which bounds replay time on restart and the size of the files.
 *
 * <p>When a group cannot be made durable (a full disk, an I/O error), its writes and every write
 * queued behind it fail with {@link StorageFailureException}, nothing of them is published, and the
 * pending state returns to the last durable one. Writes are then refused while the committer tries
 * every {@value #RETRY_MILLIS} ms to {@link CommandLog#resume reopen the log} at that index; once
 * it succeeds (space is back) writes are accepted again, without a restart. Reads go on serving the
 * last durable state throughout.
 *
 * <p>Thread-safe: {@link #submit} is serialized by a lock held only for the in-memory apply and the
 * buffered append; readers are wait-free.
 */
public final class StateStore implements AutoCloseable {
  /** Commands between snapshots. */
  public static final int SNAPSHOT_EVERY = 20_000;

  /** After a failed write, how often the committer tries to reopen the log, ms. */
  static final long RETRY_MILLIS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

  /** Cluster mode: the apply timeouts of replicated writes, on one daemon thread for all stores. */
  private static final ScheduledThreadPoolExecutor APPLY_TIMEOUTS = applyTimeouts();

  private final StateMachine machine = new StateMachine();
  private final WatchRegistry<Table> watches = new WatchRegistry<>();
  private final Object writeLock = new Object();
  private final CommandLog log;
  private volatile StateSnapshot current;
  private StateSnapshot pending; // guarded by writeLock
  private List<Ack<?>> batch = new ArrayList<>(); // guarded by writeLock
  private boolean closed; // guarded by writeLock
  private IOException failure; // guarded by writeLock
  private final Thread committer;

  /** Cluster mode: hands a command with its request ID to the replicated log; null otherwise. */
  private final BiFunction<String, Command<?>, CompletableFuture<?>> replicator;

  /** Cluster mode: this server's writes awaiting their local apply, by request ID. */
  private final java.time.Duration applyTimeout;

  private final Map<String, CompletableFuture<Applied<?>>> awaiting = new ConcurrentHashMap<>();

  private record Ack<R>(
      StateMachine.Transition<R> transition, CompletableFuture<Applied<R>> future) {
    void complete() {
      future.complete(new Applied<>(transition.next().index(), transition.result()));
    }
  }

  /**
   * The outcome of a write.
   *
   * @param index the index the command was applied at (≥ 1)
   * @param result the command's result (see {@link Command}); null for commands without one
   * @param <R> the command's result type
   */
  public record Applied<R>(long index, R result) {}

  /** An in-memory store (dev mode): nothing survives a restart. */
  public StateStore() {
    this(null, null);
  }

  /**
   * A replicated store (cluster mode, docs/cluster.md): {@link #submit} hands each command to
   * {@code replicator} (the Raft log) under a fresh request ID and completes once the command,
   * committed by a quorum, has been applied here through {@link #applyCommitted}. The replicator's
   * future completes when the command is committed, or fails (e.g. no cluster leader), which fails
   * the write.
   *
   * @param replicator sends {@code (requestId, command)} to the log; null for an in-memory store
   * @param applyTimeout how long a write waits for its commit and local apply before it fails with
   *     a {@link StorageFailureException} (its outcome is then unknown); null with no replicator
   */
  public StateStore(
      BiFunction<String, Command<?>, CompletableFuture<?>> replicator,
      java.time.Duration applyTimeout) {
    this.log = null;
    this.replicator = replicator;
    this.applyTimeout = applyTimeout;
    this.current = StateSnapshot.empty();
    this.pending = current;
    this.committer = null;
  }

  /**
   * A durable store: recovers the snapshot and replays the log, then starts the committer. On
   * failure the log is closed.
   *
   * @param log the command log
   * @throws IOException if recovery fails: the log cannot be read or decoded, or a logged command
   *     fails to apply (see {@link #replay})
   */
  public StateStore(CommandLog log) throws IOException {
    this.log = log;
    this.replicator = null;
    this.applyTimeout = null;
    StateSnapshot s;
    try {
      s = replay(machine, log);
      log.checkRecovered(s);
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
    this.current = s;
    this.pending = s;
    this.committer = new Thread(this::commitLoop, "nativemesh-commit");
    committer.setDaemon(true);
    committer.start();
  }

  /**
   * Rebuilds the state: the snapshot, then every later command. A command is logged only after it
   * applied (see {@link #submit}) and the machine is deterministic, so a logged command that fails
   * on replay means this server's state machine disagrees with the one that wrote the log. That is
   * a startup error, never a skipped entry: such a change needs a migration
   * (docs/server-state-format.md).
   */
  private static StateSnapshot replay(StateMachine machine, CommandLog log) throws IOException {
    CommandLog.Recovered r = log.recover();
    StateSnapshot s = r.snapshot() == null ? StateSnapshot.empty() : r.snapshot();
    LOG.info(
        "restoring state from {}: snapshot at index {}, {} log entries after it",
        log.location(),
        s.index(),
        r.commands().size());
    for (CommandLog.Entry e : r.commands()) {
      if (e.index() <= s.index()) {
        continue;
      }
      try {
        s = machine.apply(s, e.index(), e.command()).next();
      } catch (RuntimeException ex) {
        // the Java type, not the command: a command may hold secrets (token secrets, key material)
        throw new IOException(
            log.location()
                + ": log entry "
                + e.index()
                + " ("
                + e.command().getClass().getSimpleName()
                + ") fails to apply on replay: "
                + ex.getMessage()
                + ". It applied when it was written, so this server's"
                + " state machine behaves differently; that needs a migration, not a skipped entry",
            ex);
      }
    }
    LOG.info("state restored at index {}", s.index());
    return s;
  }

  /**
   * @return true if writes are made durable before they are acknowledged
   */
  public boolean durable() {
    return log != null || replicator != null;
  }

  /**
   * @return the latest published state
   */
  public StateSnapshot snapshot() {
    return current;
  }

  /**
   * Applies a command at the next index and waits until it is durable and published.
   *
   * @param command the command
   * @param <R> the command's result type
   * @return its index and result
   * @throws IllegalStateException if the command violates a state invariant (state unchanged)
   * @throws StorageFailureException if the log failed (the store then refuses all writes)
   */
  public <R> Applied<R> apply(Command<R> command) {
    try {
      return submit(command).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Applies a command at the next index; the future completes once the command is durable and
   * published (immediately without a log).
   *
   * @param command the command
   * @param <R> the command's result type
   * @return its index and result; fails with {@link IllegalStateException} on an invariant
   *     violation or a log failure
   */
  public <R> CompletableFuture<Applied<R>> submit(Command<R> command) {
    if (replicator != null) {
      return replicate(command);
    }
    StateMachine.Transition<R> t;
    CompletableFuture<Applied<R>> f = new CompletableFuture<>();
    synchronized (writeLock) {
      if (closed || failure != null) {
        return CompletableFuture.failedFuture(
            failure != null
                ? new StorageFailureException(
                    "writes are refused until "
                        + log.location()
                        + " can be written again (retried every second, no restart needed): "
                        + failure.getMessage(),
                    failure)
                : new IllegalStateException("server is shutting down"));
      }
      try {
        t = applyToPending(command);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (log == null) {
        pending = t.next();
        current = t.next();
      } else {
        try {
          log.append(t.next().index(), command);
        } catch (IOException e) {
          return CompletableFuture.failedFuture(
              new StorageFailureException("cannot log command: " + e.getMessage(), e));
        }
        pending = t.next();
        batch.add(new Ack<>(t, f));
        writeLock.notifyAll();
        return f;
      }
    }
    watches.fire(t.touched());
    f.complete(new Applied<>(t.next().index(), t.result()));
    return f;
  }

  /** The command applied at the next index after {@code pending}; caller holds writeLock. */
  private <R> StateMachine.Transition<R> applyToPending(Command<R> command) {
    long index =
        command instanceof Command.Restore r ? r.indexAfter(pending.index()) : pending.index() + 1;
    return machine.apply(pending, index, command);
  }

  private static ScheduledThreadPoolExecutor applyTimeouts() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "nativemesh-apply-timeouts");
              t.setDaemon(true);
              return t;
            });
    e.setRemoveOnCancelPolicy(true); // a completed write leaves no task behind
    return e;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <R> CompletableFuture<Applied<R>> replicate(Command<R> command) {
    synchronized (writeLock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("server is shutting down"));
      }
    }
    String id = java.util.UUID.randomUUID().toString();
    CompletableFuture<Applied<R>> f = new CompletableFuture<>();
    awaiting.put(id, (CompletableFuture) f);
    CompletableFuture<?> sent;
    try {
      sent = replicator.apply(id, command);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (ok, err) -> {
          if (err != null) {
            awaiting.remove(id);
            f.completeExceptionally(
                err instanceof CompletionException && err.getCause() != null
                    ? err.getCause()
                    : err);
          }
        });
    // one shared timer thread, cancelled once the write completes: CompletableFuture's
    // delayedExecutor would start a new thread per write on a two-core machine (its common pool
    // then has parallelism 1 and it falls back to a thread per task), which cost the cluster most
    // of its write throughput
    ScheduledFuture<?> timeout =
        APPLY_TIMEOUTS.schedule(
            () -> {
              if (awaiting.remove(id) != null) {
                f.completeExceptionally(
                    new StorageFailureException(
                        "the write was not applied within "
                            + applyTimeout.toMillis()
                            + " ms (no cluster leader or no quorum?); its outcome is unknown",
                        null));
              }
            },
            applyTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
    f.whenComplete((a, err) -> timeout.cancel(false));
    return f;
  }

  /**
   * Cluster mode: applies a command the log has committed, at the next index (every server applies
   * the same commands in the same order, so every server reaches the same state and index),
   * publishes it and completes this server's write with that request ID, if any. A command that
   * violates an invariant changes nothing on any server; its writer gets the exception. Called by
   * one thread at a time (the log's applier).
   *
   * @param requestId the request ID the command was submitted with (null if unknown)
   * @param command the committed command
   */
  public void applyCommitted(String requestId, Command<?> command) {
    CompletableFuture<Applied<?>> f = requestId == null ? null : awaiting.remove(requestId);
    StateMachine.Transition<?> t;
    synchronized (writeLock) {
      try {
        t = applyToPending(command);
      } catch (RuntimeException e) {
        if (f != null) {
          f.completeExceptionally(e);
        }
        return;
      }
      pending = t.next();
      current = t.next();
    }
    watches.fire(t.touched());
    if (f != null) {
      f.complete(new Applied<>(t.next().index(), t.result()));
    }
  }

  /**
   * Cluster mode: replaces the whole state with a snapshot (a restart's latest snapshot, or one
   * installed from the leader) and wakes every watcher.
   *
   * @param state the snapshot
   */
  public void install(StateSnapshot state) {
    synchronized (writeLock) {
      pending = state;
      current = state;
    }
    watches.fire(EnumSet.allOf(Table.class));
  }

  /**
   * Cluster mode: fails this server's writes still waiting for their local apply (e.g. after the
   * server lost its leader and the write's outcome is unknown).
   *
   * @param error the failure to report
   */
  public void failAwaiting(RuntimeException error) {
    for (String id : List.copyOf(awaiting.keySet())) {
      CompletableFuture<Applied<?>> f = awaiting.remove(id);
      if (f != null) {
        f.completeExceptionally(error);
      }
    }
  }

  private void commitLoop() {
    while (true) {
      List<Ack<?>> group;
      boolean failed;
      synchronized (writeLock) {
        try {
          while (batch.isEmpty() && !closed && failure == null) {
            writeLock.wait();
          }
          failed = failure != null && !closed;
          if (failed) {
            writeLock.wait(RETRY_MILLIS); // batch stays empty: submit refuses while failed
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (closed && batch.isEmpty()) {
          return;
        }
        group = batch;
        batch = new ArrayList<>();
      }
      if (failed) {
        resume();
        continue;
      }
      IOException err = null;
      try {
        log.sync();
      } catch (IOException e) {
        err = e;
      }
      if (err != null) {
        fail(group, err);
        continue;
      }
      StateSnapshot last = group.get(group.size() - 1).transition().next();
      current = last;
      Set<Table> touched = EnumSet.noneOf(Table.class);
      for (Ack<?> a : group) {
        touched.addAll(a.transition().touched());
      }
      watches.fire(touched);
      for (Ack<?> a : group) {
        a.complete();
      }
      try {
        log.durable(last);
      } catch (IOException e) {
        LOG.warn("cannot record the high-water mark at index {}: {}", last.index(), e.toString());
      }
      if (log.commandsSinceSnapshot() >= SNAPSHOT_EVERY || log.wantsCompaction()) {
        try {
          log.snapshot(last);
        } catch (IOException e) {
          LOG.warn(
              "snapshot at index {} failed (the log still has every command): {}",
              last.index(),
              e.toString());
        }
      }
    }
  }

  /**
   * A group could not be made durable: it and everything queued behind it fail, the pending state
   * goes back to the last durable one (nothing of the failed writes was published), and writes are
   * refused until {@link #resume()} reopens the log.
   */
  private void fail(List<Ack<?>> group, IOException err) {
    List<Ack<?>> queued;
    synchronized (writeLock) {
      failure = err;
      pending = current;
      queued = batch;
      batch = new ArrayList<>();
    }
    LOG.error(
        "command log sync failed at index {}; refusing writes until it can be written again",
        current.index(),
        err);
    StorageFailureException e =
        new StorageFailureException("write not durable: " + err.getMessage(), err);
    for (Ack<?> a : group) {
      a.future().completeExceptionally(e);
    }
    for (Ack<?> a : queued) {
      a.future().completeExceptionally(e);
    }
  }

  /** After a failure: reopens the log at the last durable index; writes resume if it succeeds. */
  private void resume() {
    long index = current.index();
    try {
      log.resume(index);
    } catch (IOException e) {
      LOG.debug("command log still not writable: {}", e.toString());
      return;
    }
    synchronized (writeLock) {
      pending = current; // unchanged since fail(): submit refuses while failed
      failure = null;
    }
    LOG.info("command log {} writable again at index {}; accepting writes", log.location(), index);
  }

  /**
   * Parks a watcher on tables. Register before reading the snapshot you compare against: any write
   * published after registration fires it.
   *
   * @param tables the tables a query reads
   * @return the watch; cancel it when no longer needed
   */
  public Watch watch(Collection<Table> tables) {
    return watches.register(Set.copyOf(tables));
  }

  /**
   * @return parked watcher registrations (tests, metrics)
   */
  public int parkedWatchers() {
    return watches.size();
  }

  /**
   * Stops accepting writes, lets the committer finish the current group, writes a final snapshot
   * and closes the log. Idempotent.
   */
  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      writeLock.notifyAll();
    }
    if (committer != null) {
      try {
        committer.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        if (failure == null) {
          log.snapshot(current);
        }
      } catch (IOException e) {
        LOG.warn("final snapshot failed: {}", e.toString());
      }
      log.close();
    }
  }
}
