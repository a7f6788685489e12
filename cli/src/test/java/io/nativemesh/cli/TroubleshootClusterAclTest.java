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

import io.nativemesh.test.NativeMesh;
import io.nativemesh.test.NativeMeshExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code troubleshoot cluster} with ACLs enforced (default deny). */
class TroubleshootClusterAclTest {
  @RegisterExtension NativeMeshExtension ext = NativeMeshExtension.builder().acl(true).build();

  @Test
  void aTokenWithoutOperatorReadIsToldWhatItLacks(NativeMesh mesh) {
    // anonymous: /v1/status/leader needs no token, the Raft configuration needs operator:read
    CliRun r = CliRun.run(mesh, null, "troubleshoot", "cluster", "-format=json");
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals("pass", r.status("leader"));
    assertEquals("warn", r.status("raft configuration"));
    String message = r.message("raft configuration");
    assertTrue(message.contains("HTTP 403"), message);
    assertTrue(message.contains("the token needs operator:read"), message);
  }
}
