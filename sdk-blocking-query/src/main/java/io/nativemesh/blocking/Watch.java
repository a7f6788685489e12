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
package io.nativemesh.blocking;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A long-running blocking-query watch on one Consul endpoint with one set of parameters, shared by
 * every subscriber in the process (obtain it from {@link Watches}). Implements Consul's client
 * rules: the index is reset to 0 when it goes backwards and clamped to ≥ 1, calls are rate-limited
 * by a token bucket, errors back off exponentially with jitter, and unchanged payloads are not
 * re-delivered.
 *
 * <p>Thread-safe.
 *
 * @param <T> value type
 * @since 0.1.0
 */
public interface Watch<T> extends AutoCloseable {

  /**
   * Adds a listener. If the watch already has a value, the listener receives it immediately on the
   * calling thread.
   *
   * @param listener the listener
   * @return closing it removes the listener
   */
  AutoCloseable subscribe(WatchListener<T> listener);

  /**
   * @return the last value delivered, if any
   */
  Optional<T> current();

  /**
   * @return the blocking index of the last successful read (0 before the first)
   */
  long index();

  /**
   * @return a future completed with the first value (already complete if there is one)
   */
  CompletableFuture<T> firstValue();

  /**
   * Aborts the in-flight long poll and performs a non-blocking read now (for the leaf endpoint the
   * agent then revalidates expiry and signing key). Used by watchdogs when a blocking chain may be
   * stuck (Consul 1.15.0/1.15.1, GH-16779). Changed values are delivered to listeners as usual.
   *
   * @return the value read (even if unchanged), or a failed future with the read's error
   */
  CompletableFuture<T> refreshNow();

  /**
   * @return failures since the last successful read
   */
  int consecutiveFailures();

  /**
   * @return when the last read succeeded, if ever
   */
  Optional<Instant> lastSuccess();

  /**
   * @return a description of the endpoint and parameters, for logs
   */
  String description();

  /** Stops the loop and cancels the in-flight call. Idempotent. */
  @Override
  void close();
}
