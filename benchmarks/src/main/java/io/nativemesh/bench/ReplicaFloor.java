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
    return ClosedLoop.run(
        perServer.get(0).size(),
        seconds,
        k -> perServer.get(0).get(k).channel.eventLoop(),
        (client, seq) -> {
          String uri = "/v1/kv/bench/k" + (seq % 1000);
          long t0 = System.nanoTime();
          CompletableFuture<?>[] all = new CompletableFuture<?>[perServer.size()];
          for (int s = 0; s < all.length; s++) {
            all[s] = perServer.get(s).get(client).send(HttpMethod.PUT, uri, body);
          }
          return CompletableFuture.allOf(all)
              .handle(
                  (ok, err) -> {
                    boolean failed = err != null;
                    for (CompletableFuture<?> f : all) {
                      failed |= !failed && (Integer) f.join() >= 300;
                    }
                    if (failed) {
                      throw new IllegalStateException("fan-out write failed: " + err);
                    }
                    return System.nanoTime() - t0;
                  });
        });
  }
}
