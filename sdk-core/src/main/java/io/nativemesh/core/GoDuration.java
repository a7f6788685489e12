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
package io.nativemesh.core;

import java.time.Duration;

/**
 * Go duration strings as Consul's API uses them ({@code "10s"}, {@code "1m30s"}, {@code "72h"},
 * {@code "500ms"}, {@code "1.5h"}). Units: {@code ns us µs ms s m h}. A bare {@code "0"} is zero.
 * Consul also accepts a bare number of seconds for some fields; that is up to the caller.
 *
 * <p>Hand-written because Java has no parser for this format: {@link Duration#parse} reads ISO-8601
 * ({@code PT1M30S}), and {@link #format} must print exactly what Go's {@code
 * time.Duration.String()} prints ({@code 72h0m0s}), since Consul's clients read and compare these
 * strings.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class GoDuration {
  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @param text e.g. {@code "10s"}; a leading {@code '-'} or {@code '+'} is allowed
   * @return the duration
   * @throws IllegalArgumentException naming the input when it is not a Go duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("invalid duration '" + text + "': empty");
    }
    String s = text;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration '" + text + "'");
    }
    long totalNanos = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException(
            "invalid duration '" + text + "': expected a number at offset " + start);
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      long unitNanos =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "" ->
                throw new IllegalArgumentException("invalid duration '" + text + "': missing unit");
            default ->
                throw new IllegalArgumentException(
                    "invalid duration '" + text + "': unknown unit '" + unit + "'");
          };
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "invalid duration '" + text + "': bad number '" + number + "'");
      }
      double nanos = value * unitNanos;
      if (nanos > Long.MAX_VALUE - totalNanos) {
        throw new IllegalArgumentException("invalid duration '" + text + "': overflow");
      }
      totalNanos += (long) nanos;
    }
    return Duration.ofNanos(negative ? -totalNanos : totalNanos);
  }

  /**
   * Formats a duration the way Go's {@code time.Duration.String()} does for whole units, e.g.
   * {@code "72h0m0s"}, {@code "1m30s"}, {@code "500ms"}, {@code "0s"}.
   *
   * @param d the duration (non-negative)
   * @return the Go string
   */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000L == 0) {
        return (nanos / 1_000_000L) + "ms";
      }
      if (nanos % 1_000L == 0) {
        return (nanos / 1_000L) + "us";
      }
      return nanos + "ns";
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    long s = d.toSecondsPart();
    int ms = d.toMillisPart();
    String sec =
        ms == 0 ? s + "s" : s + "." + String.format("%03d", ms).replaceAll("0+$", "") + "s";
    if (h > 0) {
      return h + "h" + m + "m" + sec;
    }
    if (m > 0) {
      return m + "m" + sec;
    }
    return sec;
  }
}
