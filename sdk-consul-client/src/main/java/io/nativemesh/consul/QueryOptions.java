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
package io.nativemesh.consul;

import io.nativemesh.core.GoDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of a Consul read: blocking index or hash, wait time, datacenter, consistency, filters.
 * Immutable; derive variants with the {@code with*} methods. Thread-safe.
 *
 * <p>Consul API: blocking queries ({@code index}, {@code wait} capped at 10 minutes by the server,
 * which adds up to {@code wait/16} jitter), hash blocking ({@code hash}), {@code stale}.
 *
 * @param index blocking index; 0 means a non-blocking read
 * @param hash hash-blocking token (agent endpoints); null for none
 * @param waitTime maximum blocking time; null for the server default (5 minutes)
 * @param datacenter {@code dc} parameter; null for the agent's own
 * @param stale allow stale reads
 * @param extra additional query parameters (e.g. {@code passing}, {@code tag}); values may be empty
 *     for flags
 * @since 0.1.0
 */
public record QueryOptions(
    long index,
    String hash,
    Duration waitTime,
    String datacenter,
    boolean stale,
    Map<String, String> extra) {

  /** A non-blocking read with no options. */
  public static final QueryOptions NONE = new QueryOptions(0, null, null, null, false, Map.of());

  /** Validates and copies. */
  public QueryOptions {
    if (index < 0) {
      throw new IllegalArgumentException("blocking index must be >= 0, was " + index);
    }
    if (waitTime != null
        && (waitTime.isNegative() || waitTime.compareTo(Duration.ofMinutes(10)) > 0)) {
      throw new IllegalArgumentException("wait must be between 0 and 10m, was " + waitTime);
    }
    extra = Map.copyOf(extra);
  }

  /**
   * @param newIndex the blocking index
   * @param newWait the wait time
   * @return a copy blocking on {@code newIndex} for up to {@code newWait}
   */
  public QueryOptions blocking(long newIndex, Duration newWait) {
    return new QueryOptions(newIndex, hash, newWait, datacenter, stale, extra);
  }

  /**
   * @param newHash the hash returned by the last read
   * @param newWait the wait time
   * @return a copy hash-blocking on {@code newHash}
   */
  public QueryOptions hashBlocking(String newHash, Duration newWait) {
    return new QueryOptions(0, newHash, newWait, datacenter, stale, extra);
  }

  /**
   * @param name parameter name
   * @param value parameter value, {@code ""} for a bare flag
   * @return a copy with the parameter added
   */
  public QueryOptions withParam(String name, String value) {
    Map<String, String> m = new LinkedHashMap<>(extra);
    m.put(name, value);
    return new QueryOptions(index, hash, waitTime, datacenter, stale, m);
  }

  /**
   * @param dc datacenter
   * @return a copy for that datacenter
   */
  public QueryOptions withDatacenter(String dc) {
    return new QueryOptions(index, hash, waitTime, dc, stale, extra);
  }

  /**
   * @return true if this read may block on the server
   */
  public boolean isBlocking() {
    return index > 0 || hash != null;
  }

  /**
   * @return the query parameters this read sends
   */
  public Map<String, String> toParams() {
    Map<String, String> p = new LinkedHashMap<>(extra);
    if (index > 0) {
      p.put("index", Long.toString(index));
    }
    if (hash != null) {
      p.put("hash", hash);
    }
    if (waitTime != null && isBlocking()) {
      p.put("wait", waitTime.toMillis() + "ms");
    }
    if (datacenter != null) {
      p.put("dc", datacenter);
    }
    if (stale) {
      p.put("stale", "");
    }
    return p;
  }

  @Override
  public String toString() {
    return "QueryOptions"
        + toParams()
        + (waitTime == null ? "" : " wait=" + GoDuration.format(waitTime));
  }
}
