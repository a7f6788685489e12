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
package io.nativemesh.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.netty.TlsEngine;
import io.vertx.core.Promise;
import io.vertx.ext.healthchecks.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The health-check procedure: UP with the identity once ready, DOWN with the reason before. */
class MeshHealthChecksTest {

  @Test
  void upWhenReadyDownWithTheReasonBefore() throws Exception {
    try (VertxFixture f = new VertxFixture()) {
      VertxMesh name = f.mesh("name", false, TlsEngine.JDK);
      Promise<Status> up = Promise.promise();
      MeshHealthChecks.procedure(name).handle(up);
      Status s = VertxFixture.await(up.future());
      assertTrue(s.isOk(), String.valueOf(s.getData()));
      assertEquals(
          name.meshService().identity().orElseThrow().spiffeId().toString(),
          s.getData().getString("spiffeId"));
      assertEquals(1, s.getData().getInteger("roots"));

      // an agent that does not answer: never ready
      try (ConsulClient dead = ConsulClient.builder().address("127.0.0.1:1").build();
          VertxMesh lost = VertxMesh.create(f.vertx, MeshService.builder("lost").consul(dead))) {
        Promise<Status> down = Promise.promise();
        MeshHealthChecks.procedure(lost).handle(down);
        Status d = VertxFixture.await(down.future());
        assertTrue(!d.isOk(), String.valueOf(d.getData()));
        assertEquals("lost", d.getData().getString("service"));
        assertTrue(!d.getData().getString("reason").isEmpty(), String.valueOf(d.getData()));
        Throwable notReady = VertxFixture.failure(lost.ready(Duration.ofMillis(300)));
        assertTrue(
            notReady instanceof io.nativemesh.MeshNotReadyException
                && notReady.getMessage().startsWith("lost not ready after"),
            String.valueOf(notReady));
      }
    }
  }
}
