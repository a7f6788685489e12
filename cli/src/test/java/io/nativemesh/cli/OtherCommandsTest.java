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
import io.nativemesh.test.MeshTest;
import io.nativemesh.test.NativeMesh;
import io.nativemesh.test.TestLeaf;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cert inspect}, {@code intention check}, {@code ca roots}, and usage errors. */
@MeshTest(perTest = true)
class OtherCommandsTest {
  private static void contains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), "expected '" + needle + "' in: " + haystack);
  }

  private static String pem(TestLeaf leaf) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(leaf.certificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void certInspectReadsAPemFileAndJudgesItAgainstTheRoots(NativeMesh mesh, @TempDir Path dir)
      throws Exception {
    Instant now = Instant.now();
    Path expired = dir.resolve("expired.pem");
    Files.writeString(
        expired, pem(mesh.ca().leaf("web", now.minusSeconds(3600), now.minusSeconds(5))));
    CliRun r = CliRun.json(mesh, "cert", "inspect", expired.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertEquals("fail", r.status("certificate 1"));
    contains(r.detail("certificate 1", "spiffeId"), "/svc/web");
    assertEquals("pass", r.status("roots"));

    Path good = dir.resolve("good.pem");
    Files.writeString(good, pem(mesh.ca().leaf("web", Duration.ofHours(1))));
    assertEquals(0, CliRun.json(mesh, "cert", "inspect", good.toString()).status());
  }

  @Test
  void certInspectAsksAnInstanceByHandshake(NativeMesh mesh) {
    FakeUpstream api = mesh.upstream("api").start();
    String target = "127.0.0.1:" + api.address().getPort();
    CliRun r = CliRun.json(mesh, "cert", "inspect", target);
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals(api.leaf().identity().toString(), r.detail("certificate 1", "spiffeId"));
    contains(r.message("roots"), "signed by the active root");
  }

  @Test
  void intentionCheckL4AndL7(NativeMesh mesh) {
    mesh.deny("web", "db");
    CliRun denied = CliRun.json(mesh, "intention", "check", "web", "db");
    assertEquals(1, denied.status());
    assertEquals("web => db (deny)", denied.detail("intention", "decidingRule"));

    // L7 permissions need an HTTP-based protocol on the destination (Consul's rule)
    mesh.client()
        .write(
            "PUT",
            "/v1/config",
            Map.of(),
            Map.of("Kind", "service-defaults", "Name", "orders", "Protocol", "http"),
            null);
    mesh.client()
        .write(
            "PUT",
            "/v1/config",
            Map.of(),
            Map.of(
                "Kind",
                "service-intentions",
                "Name",
                "orders",
                "Sources",
                List.of(
                    Map.of(
                        "Name",
                        "web",
                        "Permissions",
                        List.of(
                            Map.of("Action", "allow", "HTTP", Map.of("PathPrefix", "/read")))))),
            null);
    CliRun get = CliRun.json(mesh, "intention", "check", "web", "orders", "-l7", "GET", "/read/1");
    assertEquals(0, get.status(), get.out() + get.err());
    contains(get.message("intention"), "permission 1 (allow) for GET /read/1");
    CliRun post =
        CliRun.json(
            mesh, "intention", "check", "web", "orders", "-l7", "POST", "/write", "x-user=bob");
    assertEquals(1, post.status(), post.out());
    contains(post.message("intention"), "has no permission matching POST /write");
    // at connection level an L7 intention denies, as Consul does
    assertEquals(1, CliRun.json(mesh, "intention", "check", "web", "orders").status());
  }

  @Test
  void caRootsListsActiveAndPreviousAfterARotation(NativeMesh mesh) {
    CliRun before = CliRun.json(mesh, "ca", "roots");
    assertEquals(0, before.status(), before.out() + before.err());
    mesh.faults().rotateCaRoot();
    CliRun r = CliRun.run(mesh, mesh.managementToken(), "ca", "roots");
    assertEquals(0, r.status(), r.out());
    contains(r.out(), ": active, expires in");
    contains(r.out(), ": previous, expires in");
  }

  @Test
  void optionsBeforeTheCommandAsConsulTakesThem(NativeMesh mesh) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        NativeMeshCli.run(
            new String[] {
              "-http-addr",
              mesh.address(),
              "-token=" + mesh.managementToken(),
              "-format",
              "json",
              "ca",
              "roots"
            },
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of());
    assertEquals(0, status, out + " " + err);
    contains(out.toString(), "\"problemFound\" : false");
  }

  @Test
  void usageAndConnectionErrorsExitTwo(NativeMesh mesh) {
    assertEquals(2, CliRun.run(mesh, null, "troubleshoot", "upstream", "only-one").status());
    CliRun down = CliRun.run(mesh, null, "ca", "roots", "-http-addr", "127.0.0.1:1");
    assertEquals(2, down.status());
    contains(down.err(), "error:");
  }
}
