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
package io.nativemesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.blocking.DestinationIntentions;
import io.nativemesh.blocking.Watch;
import io.nativemesh.blocking.WatchListener;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.test.internal.FaultProxy;
import io.nativemesh.tls.MeshState;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A mesh service given two addresses of the same server state (a relay in front of the companion
 * server, then the server itself), standing in for two servers of a cluster: when the first breaks
 * its blocking queries and then goes away, the watches fail over with their index (no error reaches
 * them, so none drops back to a non-blocking read), changes keep arriving, and the leaf stays.
 */
class ServerFailoverTest {
  @Test
  void watchesAndLeafRideOutTheLossOfTheFirstServer() throws Exception {
    try (ConsulServer server =
            ConsulServer.start(ServerConfig.builder().httpPort(0).dev(true).build());
        FaultProxy first = new FaultProxy(URI.create(server.httpUrl()));
        ConsulClient direct = ConsulClient.builder().address(server.httpUrl()).build();
        ConsulClient consul =
            ConsulClient.builder()
                .addresses(first.url(), server.httpUrl())
                .failoverCoolDown(Duration.ofMinutes(1))
                .build();
        MeshService web = MeshService.builder("web").consul(consul).build()) {
      MeshState before = web.awaitReady(Duration.ofSeconds(20));
      assertEquals(first.url() + "/", consul.address().toString(), "starts on the first address");

      Watch<DestinationIntentions> intentions = web.watches().intentions("web");
      AtomicInteger errors = new AtomicInteger();
      AtomicLong lowestIndexSeen = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger allowsApi = new AtomicInteger();
      try (AutoCloseable sub =
          intentions.subscribe(
              new WatchListener<>() {
                @Override
                public void onUpdate(DestinationIntentions value, long index) {
                  lowestIndexSeen.accumulateAndGet(index, Math::min);
                  if (value.intentions().stream().anyMatch(i -> "api".equals(i.sourceName()))) {
                    allowsApi.incrementAndGet();
                  }
                }

                @Override
                public void onError(RuntimeException error, int consecutiveFailures) {
                  errors.incrementAndGet();
                }
              })) {
        long indexBefore = intentions.index();
        assertTrue(indexBefore > 0, "blocking already");

        first.mode(FaultProxy.Mode.BREAK); // the first server drops every new blocking query
        // wake the queries already waiting there, so that their successors meet the break
        direct.intentions().upsertExact("db", "web", "allow", "wakes the waiting queries");
        waitFor(() -> first.affectedQueries() > 0);
        direct.intentions().upsertExact("api", "web", "allow", "written during the failover");
        waitFor(() -> allowsApi.get() > 0);

        first.close(); // and now refuses connections
        direct.intentions().deleteExact("api", "web");
        waitFor(
            () ->
                intentions.current().orElseThrow().intentions().stream()
                    .noneMatch(i -> "api".equals(i.sourceName())));

        assertEquals(0, errors.get(), "failover is invisible to the watch");
        assertEquals(0, intentions.consecutiveFailures());
        assertTrue(lowestIndexSeen.get() >= indexBefore, "index never went back");
        assertEquals(server.httpUrl() + "/", consul.address().toString(), "moved to the second");
      }
      MeshState after = web.state();
      assertNotNull(after);
      assertEquals(before.chain()[0], after.chain()[0], "the same leaf throughout");
    }
  }

  private static void waitFor(BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(50);
    }
  }
}
