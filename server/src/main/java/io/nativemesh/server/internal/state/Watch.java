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
  private volatile Runnable unregister = () -> {};

  /**
   * @return completes (normally) when a write touches what this watch observes
   */
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
