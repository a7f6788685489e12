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
package io.nativemesh.server.internal.agent;

import io.nativemesh.server.internal.http.HttpError;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place check intervals are bounded (Consul: {@code checks.MinInterval} in {@code
 * agent/agent.go}): an interval below 1 s is raised to 1 s with a warning in the log, as Consul
 * does; zero or negative is a 400. Every check type the agent runs gets its interval from here.
 * Stateless and thread-safe.
 */
public final class CheckIntervals {
  /** Consul's {@code checks.MinInterval}: 1 s. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(CheckIntervals.class);

  private CheckIntervals() {}

  /**
   * @param checkId the check, for the message
   * @param interval the requested interval
   * @return the interval the agent uses: at least {@link #MIN_INTERVAL}
   * @throws HttpError 400 when the interval is zero or negative
   */
  public static Duration clamp(String checkId, Duration interval) {
    if (interval == null || interval.isZero() || interval.isNegative()) {
      throw HttpError.badRequest(
          "Invalid check '"
              + checkId
              + "': Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks");
    }
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      LOG.warn(
          "check has interval below minimum: check={} interval={} minimum_interval={}",
          checkId,
          interval,
          MIN_INTERVAL);
      return MIN_INTERVAL;
    }
    return interval;
  }
}
