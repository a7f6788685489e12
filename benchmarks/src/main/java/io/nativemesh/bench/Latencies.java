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
package io.nativemesh.bench;

import java.util.Arrays;

/**
 * The latencies of a closed-loop run, one growing array per client. A client records from one
 * thread at a time (its next request starts only after the previous one was recorded); {@link
 * #sorted} is read after every client has finished.
 */
final class Latencies {
  private final long[][] lat;
  private final int[] counts;

  /**
   * @param clients the number of clients
   */
  Latencies(int clients) {
    lat = new long[clients][];
    counts = new int[clients];
    for (int i = 0; i < clients; i++) {
      lat[i] = new long[1 << 14];
    }
  }

  /**
   * @param client the client's number
   * @param nanos one completed request's latency in nanoseconds
   */
  void add(int client, long nanos) {
    if (counts[client] == lat[client].length) {
      lat[client] = Arrays.copyOf(lat[client], lat[client].length * 2);
    }
    lat[client][counts[client]++] = nanos;
  }

  /**
   * @return every client's latencies in nanoseconds, sorted
   */
  long[] sorted() {
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int p = 0;
    for (int i = 0; i < lat.length; i++) {
      System.arraycopy(lat[i], 0, all, p, counts[i]);
      p += counts[i];
    }
    Arrays.sort(all);
    return all;
  }
}
