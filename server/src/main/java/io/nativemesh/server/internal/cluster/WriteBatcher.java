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
package io.nativemesh.server.internal.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Natural batching of this server's writes into Raft log entries (docs/cluster.md, "What is
 * replicated"): a write goes out at once when fewer than {@code window} entries of this server are
 * in flight (one by default); otherwise it waits and leaves with every write that queued up
 * meanwhile, as one entry ({@link LogEntries}), when an in-flight entry completes. One client alone
 * sees no added delay; 64 concurrent clients share a handful of entries instead of paying Raft's
 * per-entry cost (a client request, a log append, an AppendEntries, an apply) 64 times. Commands
 * keep their order: an entry holds them as submitted and the log applies entries in order.
 * Thread-safe.
 */
final class WriteBatcher {
  /**
   * Entries of a server in flight at once: 1, or the {@code nativemesh.raft.writeWindow} system
   * property (tuning runs). One window makes the largest batches; runs with 2 were no faster
   * (docs/benchmarks-server.md).
   */
  static final int WINDOW = Math.max(1, Integer.getInteger("nativemesh.raft.writeWindow", 1));

  /** Most commands in one entry. */
  static final int MAX_COMMANDS = 512;

  /** Most command bytes in one entry (a single larger command still goes alone). */
  static final int MAX_BYTES = 4 << 20;

  private record Pending<R>(LogEntries.Item item, CompletableFuture<R> done) {}

  private final Function<byte[], CompletableFuture<?>> sender;
  private final ArrayDeque<Pending<Object>> queue = new ArrayDeque<>(); // guarded by this
  private final int window;
  private int inFlight; // guarded by this

  /**
   * @param sender sends one entry's data to the Raft log; its future completes when the entry is
   *     committed (or fails)
   */
  WriteBatcher(Function<byte[], CompletableFuture<?>> sender) {
    this(sender, WINDOW);
  }

  /**
   * @param sender as above
   * @param window entries in flight at once (at least 1)
   */
  WriteBatcher(Function<byte[], CompletableFuture<?>> sender, int window) {
    this.sender = sender;
    this.window = Math.max(1, window);
  }

  /**
   * @param requestId the command's request ID
   * @param command the command's encoding
   * @return completes like the future of the entry that carried the command
   */
  CompletableFuture<Object> submit(String requestId, byte[] command) {
    Pending<Object> p =
        new Pending<>(new LogEntries.Item(requestId, command), new CompletableFuture<>());
    List<Pending<Object>> batch;
    synchronized (this) {
      queue.add(p);
      batch = inFlight < window ? take() : null;
    }
    if (batch != null) {
      send(batch);
    }
    return p.done();
  }

  /** The next entry's commands, counted in flight; null if none wait. Caller holds this. */
  private List<Pending<Object>> take() {
    if (queue.isEmpty()) {
      return null;
    }
    List<Pending<Object>> batch = new ArrayList<>();
    long bytes = 0;
    while (!queue.isEmpty() && batch.size() < MAX_COMMANDS) {
      long size = queue.peek().item().command().length;
      if (!batch.isEmpty() && bytes + size > MAX_BYTES) {
        break;
      }
      batch.add(queue.poll());
      bytes += size;
    }
    inFlight++;
    return batch;
  }

  private void send(List<Pending<Object>> batch) {
    List<LogEntries.Item> items = new ArrayList<>(batch.size());
    for (Pending<Object> p : batch) {
      items.add(p.item());
    }
    CompletableFuture<?> sent;
    try {
      sent = sender.apply(LogEntries.encode(items));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (reply, err) -> {
          for (Pending<Object> p : batch) {
            if (err != null) {
              p.done().completeExceptionally(err);
            } else {
              p.done().complete(reply);
            }
          }
          List<Pending<Object>> next;
          synchronized (this) {
            inFlight--;
            next = take();
          }
          if (next != null) {
            send(next);
          }
        });
  }
}
