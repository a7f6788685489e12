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

import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watchers parked on keys (tables, or per-service leaf entries). Registering is O(keys); firing a
 * key completes and removes every watcher on it. Thread-safe; the writer fires after publishing the
 * new state, so a watcher registered before it reads the state can never miss a change.
 *
 * @param <K> the key type
 */
public final class WatchRegistry<K> {
  private final ConcurrentHashMap<K, Set<Watch>> byKey = new ConcurrentHashMap<>();

  /**
   * @param keys the keys to observe
   * @return a watch that fires on the next {@link #fire} of any of the keys
   */
  public Watch register(Collection<K> keys) {
    Watch w = new Watch();
    for (K k : keys) {
      byKey.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(w);
    }
    w.onCancel(
        () -> {
          for (K k : keys) {
            Set<Watch> set = byKey.get(k);
            if (set != null) {
              set.remove(w);
            }
          }
        });
    return w;
  }

  /**
   * Fires and removes every watcher on the keys.
   *
   * @param keys the keys that changed
   */
  public void fire(Collection<K> keys) {
    for (K k : keys) {
      Set<Watch> set = byKey.get(k);
      if (set == null) {
        continue;
      }
      for (Iterator<Watch> it = set.iterator(); it.hasNext(); ) {
        Watch w = it.next();
        it.remove();
        w.fire();
      }
    }
  }

  /**
   * @return the number of parked registrations (a watcher on two keys counts twice); for tests and
   *     metrics
   */
  public int size() {
    return byKey.values().stream().mapToInt(Set::size).sum();
  }
}
