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

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which denials were already logged, so a refused peer is logged once per reason, not
 * once per connection attempt. Bounded: when full it forgets everything (a denial may then be
 * logged again). Thread-safe.
 */
public final class DenialLog {
  private final int max;
  private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();

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

  /** Forgets every logged denial (e.g. after intentions changed). */
  public void reset() {
    seen.clear();
  }
}
