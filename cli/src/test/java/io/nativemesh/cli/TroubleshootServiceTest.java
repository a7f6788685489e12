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
package io.nativemesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.test.FakeUpstream;
import io.nativemesh.test.NativeMesh;
import io.nativemesh.test.NativeMeshExtension;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code troubleshoot service}: leaves asked of the instances themselves. */
class TroubleshootServiceTest {
  @RegisterExtension NativeMeshExtension ext = NativeMeshExtension.builder().build();

  private static void contains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), "expected '" + needle + "' in: " + haystack);
  }

  @Test
  void healthyInstanceShowsItsLeafAndWatchdog(NativeMesh mesh) {
    FakeUpstream api = mesh.upstream("api").id("api-1").start();
    CliRun r = CliRun.json(mesh, "troubleshoot", "service", "api");
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals("pass", r.status("instance api-1"));
    assertEquals(api.leaf().identity().toString(), r.detail("instance api-1", "spiffeId"));
    contains(r.detail("instance api-1", "watchdog"), "would act in 54m"); // 90 % of 1 h and 1 min
    contains(r.detail("instance api-1", "chainsTo"), "active root");
  }

  @Test
  void expiredLeafAndLeafFromAPreviousRootAreFound(NativeMesh mesh) {
    Instant now = Instant.now();
    mesh.upstream("api").id("api-fresh").start();
    // issued by the first root, then the CA rotates: this instance never picks up a new leaf
    mesh.upstream("api").id("api-missed-rotation").start();
    mesh.upstream("api")
        .id("api-expired")
        .leaf(mesh.ca().leaf("api", now.minusSeconds(7200), now.minusSeconds(60)))
        .start();
    mesh.faults().rotateCaRoot();
    // the fresh one renews as the SDK would after a rotation
    FakeUpstream fresh =
        mesh.upstream("api").id("api-renewed").start(); // started after the rotation: new root

    CliRun r = CliRun.json(mesh, "troubleshoot", "service", "api");
    assertEquals(1, r.status());
    assertEquals("pass", r.status("instance api-renewed"), r.out());
    assertEquals("fail", r.status("instance api-missed-rotation"));
    contains(r.message("instance api-missed-rotation"), "older than the last CA rotation");
    contains(r.detail("instance api-missed-rotation", "chainsTo"), "previous root");
    assertEquals("fail", r.status("instance api-expired"));
    // the leaf expired a minute before the check; the seconds depend on how fast the test runs
    contains(r.message("instance api-expired"), "EXPIRED 1m");
    contains(r.detail("roots", "lastRotation"), "T");
    assertTrue(
        fresh.leaf().certificate().getNotBefore().toInstant().isAfter(now.minusSeconds(120)));
  }

  @Test
  void unknownServiceIsAProblem(NativeMesh mesh) {
    CliRun r = CliRun.json(mesh, "troubleshoot", "service", "nope");
    assertEquals(1, r.status());
    contains(r.message("instances"), "no registered instance");
  }
}
