package io.nativemesh.tls.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which denials were already logged, so a refused peer is logged once per reason, not once
 * per connection attempt. Bounded: when full it forgets everything (a denial may then be logged again).
 * Thread-safe.
 */
public final class DenialLog {
  private final int max;
  private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();

  /** @param max entries kept before forgetting */
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
