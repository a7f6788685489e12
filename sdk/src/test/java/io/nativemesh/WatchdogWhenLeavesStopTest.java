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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.test.NativeMesh;
import io.nativemesh.test.NativeMeshExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 72-hour outage in seconds, through the testkit: the agent stops issuing leaves (its blocking
 * leaf query never returns, revalidating reads get the same leaf), the SDK's watchdog forces
 * refreshes past 90 % of the leaf's lifetime, readiness turns false once the leaf expires, and a
 * resumed agent brings the service back.
 */
class WatchdogWhenLeavesStopTest {
  @RegisterExtension
  NativeMeshExtension ext =
      NativeMeshExtension.builder().leafCertTtl(Duration.ofSeconds(2)).build();

  private static void await(BooleanSupplier cond, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void watchdogForcesRefreshesAndReadinessFollowsTheLeaf(NativeMesh mesh) throws Exception {
    try (ConsulClient consul = mesh.client(mesh.managementToken());
        MeshService web = MeshService.builder("web").consul(consul).build()) {
      web.awaitReady(Duration.ofSeconds(20));
      mesh.faults().stopIssuingLeaves();
      BigInteger stuck = web.state().serial();
      await(() -> !web.readiness().ready(), Duration.ofSeconds(10), "readiness to turn false");
      assertEquals(stuck, web.state().serial(), "no new leaf while issuance is stopped");
      assertTrue(web.watchdogForcedRefreshes() > 0, "the watchdog forced a refresh");
      assertFalse(web.readiness().ready());

      mesh.faults().resumeIssuingLeaves();
      await(() -> web.readiness().ready(), Duration.ofSeconds(10), "readiness to come back");
      assertNotEquals(stuck, web.state().serial());
    }
  }
}
