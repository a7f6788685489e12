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

/**
 * Receives a watch's values. Callbacks run on the thread that completed the HTTP call, one at a
 * time per watch and in order; they must be quick and must not block (hand long work to an
 * executor). An exception thrown by a callback is logged and does not stop the watch.
 *
 * @param <T> value type
 * @since 0.1.0
 */
public interface WatchListener<T> {
  /**
   * A value that differs from the previous one (or the first value).
   *
   * @param value the new value, never null
   * @param index the response's blocking index (≥ 1)
   */
  void onUpdate(T value, long index);

  /**
   * A failed read; the watch retries with backoff and keeps its last good value.
   *
   * @param error the failure ({@link io.nativemesh.consul.ConsulApiException} or {@link
   *     io.nativemesh.consul.ConsulTransportException})
   * @param consecutiveFailures failures since the last success, ≥ 1
   */
  default void onError(RuntimeException error, int consecutiveFailures) {}
}
