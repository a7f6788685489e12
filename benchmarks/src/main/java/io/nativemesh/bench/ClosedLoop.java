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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A closed-loop load driver: each client starts its next operation as soon as the previous one
 * completed, until the time is up. A client whose operation fails prints why and stops.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** One operation of one client. */
  @FunctionalInterface
  interface Op {
    /**
     * @param client the client, 0 .. clients-1
     * @param seq the operation's number across all clients
     * @return completes with the operation's latency in nanoseconds, or fails with the message to
     *     print
     */
    CompletableFuture<Long> start(int client, int seq);
  }

  /**
   * @param clients the number of clients
   * @param seconds how long
   * @param loopOf the executor a client's first operation starts on
   * @param op the operation
   * @return latencies in nanoseconds of the completed operations, sorted
   * @throws InterruptedException if interrupted
   */
  static long[] run(int clients, double seconds, IntFunction<Executor> loopOf, Op op)
      throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    AtomicInteger seq = new AtomicInteger();
    Latencies lat = new Latencies(clients);
    CountDownLatch done = new CountDownLatch(clients);
    for (int k = 0; k < clients; k++) {
      int client = k;
      Runnable[] next = new Runnable[1];
      next[0] =
          () -> {
            if (System.nanoTime() >= end) {
              done.countDown();
              return;
            }
            op.start(client, seq.getAndIncrement())
                .whenComplete(
                    (nanos, err) -> {
                      if (err != null) {
                        Throwable cause =
                            err instanceof CompletionException && err.getCause() != null
                                ? err.getCause()
                                : err;
                        System.err.println(cause.getMessage());
                        done.countDown();
                        return;
                      }
                      lat.add(client, nanos);
                      next[0].run();
                    });
          };
      loopOf.apply(k).execute(next[0]);
    }
    done.await();
    return lat.sorted();
  }
}
