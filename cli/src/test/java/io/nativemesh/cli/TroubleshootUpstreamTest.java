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
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code troubleshoot upstream} against real misconfigurations on the in-process server: each test
 * breaks one thing and asserts the step that names it.
 */
class TroubleshootUpstreamTest {
  @RegisterExtension NativeMeshExtension ext = NativeMeshExtension.builder().build();

  private static String contains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), "expected '" + needle + "' in: " + haystack);
    return haystack;
  }

  @Test
  void healthyPathPassesEveryStepWithTheHandshakeFacts(NativeMesh mesh) {
    FakeUpstream api = mesh.upstream("api").id("api-1").start();
    mesh.allow("web", "api");
    CliRun r = CliRun.json(mesh, "troubleshoot", "upstream", "web", "api");
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals("pass", r.status("destination registered"));
    assertEquals("pass", r.status("healthy instances"));
    assertEquals("pass", r.status("intention"));
    assertEquals("web => api (allow)", r.detail("intention", "decidingRule"));
    assertEquals("9", r.detail("intention", "precedence"));
    assertEquals("pass", r.status("leaf for source"));
    assertEquals("pass", r.status("roots"));
    assertEquals("pass", r.status("handshake api-1"));
    assertEquals(api.leaf().identity().toString(), r.detail("handshake api-1", "spiffeId"));
    contains(r.detail("handshake api-1", "signedBy"), "active root");
    assertEquals(0, api.refusals().size());

    CliRun text =
        CliRun.run(mesh, mesh.managementToken(), "troubleshoot", "upstream", "web", "api");
    assertEquals(0, text.status());
    contains(text.out(), "✓ handshake api-1: accepted web's leaf");
    contains(text.out(), "no problem found");
  }

  @Test
  void missingIntentionIsTheDefaultDenyAndTheInstanceRefusesUs(NativeMesh mesh)
      throws InterruptedException {
    FakeUpstream api = mesh.upstream("api").id("api-1").start();
    CliRun r = CliRun.json(mesh, "troubleshoot", "upstream", "web", "api");
    assertEquals(1, r.status(), r.out());
    assertEquals("fail", r.status("intention"));
    contains(
        r.message("intention"),
        "No intention matches web => api; default intention policy is deny");
    contains(r.detail("intention", "decidingRule"), "default intention policy (deny)");
    assertEquals("fail", r.status("handshake api-1"));
    contains(r.message("handshake api-1"), "it refused our certificate");
    contains(r.message("handshake api-1"), "consistent with the intention decision above");
    // the refusal is real: the instance's own trust manager denied us
    contains(String.join("\n", api.awaitRefusals(1, Duration.ofSeconds(5))), "denied");

    CliRun text =
        CliRun.run(mesh, mesh.managementToken(), "troubleshoot", "upstream", "web", "api");
    contains(text.out(), "✗ intention: No intention matches web => api");
    contains(text.out(), "problem found");
  }

  @Test
  void denyRuleIsNamedWithItsPrecedenceOverAWildcardAllow(NativeMesh mesh) {
    mesh.upstream("api").id("api-1").start();
    mesh.allow("*", "api");
    mesh.deny("web", "api");
    CliRun r = CliRun.json(mesh, "troubleshoot", "upstream", "web", "api");
    assertEquals(1, r.status());
    assertEquals("fail", r.status("intention"));
    assertEquals("web => api (deny)", r.detail("intention", "decidingRule"));
    assertEquals("9", r.detail("intention", "precedence"));
    contains(r.detail("intention", "intentionsForDestination"), "* => api (allow, precedence 8)");
    assertEquals("fail", r.status("handshake api-1"));

    // another caller falls through to the wildcard allow
    CliRun other = CliRun.json(mesh, "troubleshoot", "upstream", "billing", "api");
    assertEquals(0, other.status(), other.out());
    assertEquals("* => api (allow)", other.detail("intention", "decidingRule"));
    assertEquals("8", other.detail("intention", "precedence"));
  }

  @Test
  void instanceNotConnectNativeIsInvisibleToMeshCallers(NativeMesh mesh) {
    mesh.upstream("api").id("api-plain").connectNative(false).start();
    mesh.allow("web", "api");
    CliRun r = CliRun.json(mesh, "troubleshoot", "upstream", "web", "api");
    assertEquals(1, r.status());
    assertEquals("fail", r.status("destination registered"));
    contains(r.message("destination registered"), "is Connect-native");
    contains(r.detail("destination registered", "instances"), "\"connectNative\":false");
  }

  @Test
  void allInstancesCriticalNamesTheFailingChecks(NativeMesh mesh) {
    FakeUpstream a = mesh.upstream("api").id("api-1").start();
    FakeUpstream b = mesh.upstream("api").id("api-2").start();
    mesh.allow("web", "api");
    mesh.faults().markCritical(a.id(), "disk full");
    mesh.faults().markCritical(b.id(), "oom");
    CliRun r = CliRun.json(mesh, "troubleshoot", "upstream", "web", "api");
    assertEquals(1, r.status());
    assertEquals("fail", r.status("healthy instances"));
    contains(r.message("healthy instances"), "no healthy instance: all 2");
    String instances = r.detail("healthy instances", "instances");
    contains(instances, "critical — disk full");
    contains(instances, "critical — oom");
  }

  @Test
  void instanceServingAnExpiredLeafIsCaughtByTheHandshake(NativeMesh mesh) {
    Instant now = Instant.now();
    mesh.upstream("api")
        .id("api-stale")
        .leaf(mesh.ca().leaf("api", now.minusSeconds(7200), now.minusSeconds(600)))
        .start();
    mesh.allow("web", "api");
    CliRun r = CliRun.json(mesh, "troubleshoot", "upstream", "web", "api");
    assertEquals(1, r.status());
    assertEquals("pass", r.status("intention"));
    assertEquals("fail", r.status("handshake api-stale"));
    // The leaf's notAfter is truncated to whole seconds and the command reads its own clock a
    // moment later, so the age is ten minutes and a few seconds, never exactly 10m0s.
    String message = r.message("handshake api-stale");
    assertTrue(
        message.matches(".*EXPIRED leaf \\(expired 10m[0-9]s ago\\).*"),
        "expected an expiry about ten minutes ago in: " + message);
  }

  @Test
  void impostorInstanceIsNamed(NativeMesh mesh) {
    mesh.upstream("api").id("api-evil").identity("billing").start();
    mesh.allow("web", "api");
    CliRun r = CliRun.json(mesh, "troubleshoot", "upstream", "web", "api");
    assertEquals(1, r.status());
    contains(r.message("handshake api-evil"), "/svc/billing, not an identity of api");
  }
}
