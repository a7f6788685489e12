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
package io.nativemesh.server;

import io.nativemesh.core.InvalidConfigurationException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Connection limits of the HTTP API listener. A connection over a limit is answered {@code 429 Too
 * Many Requests} (per client address) or {@code 503 Service Unavailable} (overall) and closed
 * before any request is read.
 *
 * @param maxConnsPerClient open connections allowed from one client IP address (Consul: {@code
 *     limits.http_max_conns_per_client}, default {@value #DEFAULT_PER_CLIENT}), at least 1
 * @param maxConns open connections allowed in total, at least 1; by default three quarters of the
 *     process's file-descriptor limit (at most {@value #DEFAULT_MAX}), so that a flood of
 *     connections cannot take the descriptors the store and normal clients need
 * @since 0.1.0
 */
public record HttpLimits(int maxConnsPerClient, int maxConns) {
  /** Consul's default {@code limits.http_max_conns_per_client}. */
  public static final int DEFAULT_PER_CLIENT = 200;

  /** The largest default overall limit. */
  public static final int DEFAULT_MAX = 4096;

  /**
   * Validates.
   *
   * @throws InvalidConfigurationException if a limit is below 1
   */
  public HttpLimits {
    if (maxConnsPerClient < 1) {
      throw new InvalidConfigurationException(
          "invalid limits.http_max_conns_per_client " + maxConnsPerClient + ": at least 1");
    }
    if (maxConns < 1) {
      throw new InvalidConfigurationException(
          "invalid limits.http_max_conns " + maxConns + ": at least 1");
    }
  }

  /**
   * @return {@value #DEFAULT_PER_CLIENT} per client, and the overall default described above
   */
  public static HttpLimits defaults() {
    return new HttpLimits(DEFAULT_PER_CLIENT, defaultMaxConns());
  }

  private static int defaultMaxConns() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long fds = unix.getMaxFileDescriptorCount();
      if (fds > 0) {
        return (int) Math.max(64, Math.min(DEFAULT_MAX, fds * 3 / 4));
      }
    }
    return DEFAULT_MAX;
  }
}
