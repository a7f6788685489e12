package io.nativemesh.server.internal.state;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A parked blocking-query watcher: a future that completes when something the query reads changes.
 * No thread waits on it; the writer completes it. {@link #cancel()} unregisters it (on timeout or
 * client disconnect) so abandoned watchers do not accumulate. Thread-safe.
 */
public final class Watch {
  private final CompletableFuture<Void> fired = new CompletableFuture<>();
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile Runnable unregister = () -> { };

  /** @return completes (normally) when a write touches what this watch observes */
  public CompletableFuture<Void> fired() {
    return fired;
  }

  void onCancel(Runnable action) {
    this.unregister = action;
  }

  /** Completes the watch; called by the registry. */
  void fire() {
    if (done.compareAndSet(false, true)) {
      fired.complete(null);
    }
  }

  /** Unregisters the watch without completing it. Idempotent. */
  public void cancel() {
    if (done.compareAndSet(false, true)) {
      unregister.run();
    }
  }
}
