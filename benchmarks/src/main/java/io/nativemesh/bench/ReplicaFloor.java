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

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor of the cluster write figure on one machine (docs/benchmarks-server.md): three
 * independent durable single servers, every write sent to all three and acknowledged once all three
 * answered. That keeps three durable copies on the same CPUs and disk, as a three-server cluster
 * does, without any consensus; a cluster cannot be expected to beat it here.
 */
final class ReplicaFloor {
  private ReplicaFloor() {}

  /**
   * Closed loop: client {@code k} writes through connection {@code k} of every server at once and
   * sends its next write when all of them answered.
   *
   * @param perServer one list of connections per server, all of the same length (the clients)
   * @param seconds how long
   * @param body the value written
   * @return latencies in nanoseconds of the completed fan-out writes, sorted
   * @throws InterruptedException if interrupted
   */
  static long[] closedLoop(List<List<ServerLoad.Conn>> perServer, double seconds, byte[] body)
      throws InterruptedException {
    int clients = perServer.get(0).size();
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
            String uri = "/v1/kv/bench/k" + (seq.getAndIncrement() % 1000);
            long t0 = System.nanoTime();
            CompletableFuture<?>[] all = new CompletableFuture<?>[perServer.size()];
            for (int s = 0; s < all.length; s++) {
              all[s] = perServer.get(s).get(client).send(HttpMethod.PUT, uri, body);
            }
            CompletableFuture.allOf(all)
                .whenComplete(
                    (ok, err) -> {
                      boolean failed = err != null;
                      for (CompletableFuture<?> f : all) {
                        failed |= !failed && (Integer) f.join() >= 300;
                      }
                      if (failed) {
                        System.err.println("fan-out write failed: " + err);
                        done.countDown();
                        return;
                      }
                      lat.add(client, System.nanoTime() - t0);
                      next[0].run();
                    });
          };
      perServer.get(0).get(k).channel.eventLoop().execute(next[0]);
    }
    done.await();
    return lat.sorted();
  }
}
