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
package io.nativemesh.tls.internal;

import io.nativemesh.tls.Denial;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which denials were already logged, so a refused peer is logged once per reason, not
 * once per connection attempt. Bounded: when full it forgets everything (a denial may then be
 * logged again). Also keeps the last {@value #RECENT} denials (every one, logged or not) for
 * read-only reports. Thread-safe.
 */
public final class DenialLog {
  private final int max;

  /** How many recent denials are kept. */
  public static final int RECENT = 32;

  private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
  private final ArrayDeque<Denial> recent = new ArrayDeque<>();

  /**
   * @param max entries kept before forgetting
   */
  public DenialLog(int max) {
    this.max = max;
  }

  /**
   * @param key peer and reason
   * @return true the first time this key is seen
   */
  public boolean firstTime(String key) {
    if (seen.size() >= max) {
      seen.clear();
    }
    return seen.putIfAbsent(key, Boolean.TRUE) == null;
  }

  /**
   * @param d a denial to keep among the recent ones (the oldest is dropped beyond {@value #RECENT})
   */
  public synchronized void remember(Denial d) {
    if (recent.size() >= RECENT) {
      recent.removeLast();
    }
    recent.addFirst(d);
  }

  /**
   * @return the recent denials, newest first (a copy)
   */
  public synchronized List<Denial> recent() {
    return new ArrayList<>(recent);
  }

  /** Forgets every logged denial (e.g. after intentions changed). */
  public void reset() {
    seen.clear();
  }
}
