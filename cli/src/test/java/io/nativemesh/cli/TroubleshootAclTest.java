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

import io.nativemesh.test.MeshTest;
import io.nativemesh.test.NativeMesh;
import org.junit.jupiter.api.Test;

/** With ACLs on: a token without {@code service:write} on the source cannot get its leaf. */
@MeshTest(acl = true)
class TroubleshootAclTest {
  @Test
  void tokenWithoutServiceWriteOnTheSourceIsTheProblem(NativeMesh mesh) {
    mesh.upstream("api").id("api-1").start();
    mesh.allow("web", "api");
    String billingToken = mesh.serviceToken("billing");
    CliRun r =
        CliRun.run(mesh, billingToken, "troubleshoot", "upstream", "web", "api", "-format=json");
    assertEquals(1, r.status(), r.out() + r.err());
    assertEquals("fail", r.status("leaf for source"));
    String m = r.message("leaf for source");
    assertTrue(m.contains("needs service:write on web"), m);
    assertTrue(m.contains("HTTP 403"), m);

    // the same path with web's own token goes through
    CliRun ok =
        CliRun.run(
            mesh,
            mesh.serviceToken("web"),
            "troubleshoot",
            "upstream",
            "web",
            "api",
            "-format=json");
    assertEquals("pass", ok.status("leaf for source"), ok.out());
    assertEquals("pass", ok.status("handshake api-1"), ok.out());
  }

  @Test
  void anonymousCannotReadAndSaysSo(NativeMesh mesh) {
    // the server filters the list by ACL, as Consul does: anonymous sees no instance, and the
    // finding says that the token may be why
    CliRun r = CliRun.run(mesh, null, "troubleshoot", "service", "api");
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("may not read"), r.out());
  }
}
