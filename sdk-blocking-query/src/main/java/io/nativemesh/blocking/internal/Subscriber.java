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
package io.nativemesh.blocking.internal;

import io.nativemesh.blocking.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener of a {@link BlockingWatch} and the newest value version it has seen. Values are
 * handed to the listener under this object's lock and only when newer than the last one, so the
 * listener sees them in order even when the subscribing thread and the watch's delivery threads
 * race; nobody waits on another listener's lock.
 *
 * <p>Thread-safe.
 *
 * @param <T> value type
 */
final class Subscriber<T> {
  private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

  private final WatchListener<T> listener;
  private final String description;
  private long seen; // guarded by this; 0 = nothing yet (the watch's versions start at 1)

  Subscriber(WatchListener<T> listener, String description) {
    this.listener = listener;
    this.description = description;
  }

  /**
   * Calls {@link WatchListener#onUpdate} unless the listener has already seen this version or a
   * newer one. A listener that throws is logged and kept.
   *
   * @param value the value
   * @param index its Consul index
   * @param version the watch's version of {@code value}, ≥ 1, increasing with each new value
   */
  synchronized void offer(T value, long index, long version) {
    if (version <= seen) {
      return;
    }
    seen = version;
    try {
      listener.onUpdate(value, index);
    } catch (RuntimeException e) {
      log.warn("{}: listener {} failed in onUpdate", description, listener, e);
    }
  }

  /**
   * Calls {@link WatchListener#onError}; a listener that throws is logged and kept.
   *
   * @param error the failure
   * @param consecutiveFailures failures in a row, ≥ 1
   */
  void error(RuntimeException error, int consecutiveFailures) {
    try {
      listener.onError(error, consecutiveFailures);
    } catch (RuntimeException e) {
      log.warn("{}: listener {} failed in onError", description, listener, e);
    }
  }
}
