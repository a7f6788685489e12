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
package io.nativemesh.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension's lifecycle, the ACL token, fake upstreams and the test CA. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeMeshExtensionTest {
  @RegisterExtension
  static NativeMeshExtension perClass = NativeMeshExtension.builder().acl(true).build();

  private static NativeMesh first;

  @Test
  @Order(1)
  void perClassMeshIsSharedAndEnforcesAcls(NativeMesh mesh) {
    first = mesh;
    assertSame(perClass.mesh(), mesh);
    assertTrue(mesh.address().startsWith("http://127.0.0.1:"));
    assertNotEquals(mesh.address(), mesh.serverAddress(), "code under test goes through the relay");
    try (ConsulClient anon = mesh.client(null)) {
      ConsulApiException e =
          assertThrows(
              ConsulApiException.class,
              () -> ConsulClient.join(anon.connectCa().leaf("web", QueryOptions.NONE)));
      assertEquals(403, e.statusCode());
    }
    try (ConsulClient root = mesh.client(mesh.managementToken())) {
      ConsulClient.join(root.connectCa().leaf("web", QueryOptions.NONE));
    }
  }

  @Test
  @Order(2)
  void sameMeshInTheNextTest(NativeMesh mesh) {
    assertSame(first, mesh);
  }

  @Test
  @Order(3)
  void fakeUpstreamServesTheChosenIdentityAndItsMintedLeaves(NativeMesh mesh) throws Exception {
    FakeUpstream impostor = mesh.upstream("api").id("api-impostor").identity("billing").start();
    assertTrue(impostor.leaf().identity().toString().endsWith("/svc/billing"));
    mesh.allow("web", "api");
    TestLeaf web = mesh.ca().leaf("web", Duration.ofHours(1));
    // the caller checks the identity it dialled: an impostor is refused by the client
    IOException e = assertThrows(IOException.class, () -> impostor.get(web, "/"));
    assertTrue(
        String.valueOf(e.getMessage()).contains("mismatch") || e.getCause() != null, e.toString());

    Instant now = Instant.now();
    TestLeaf expired = mesh.ca().leaf("web", now.minusSeconds(7200), now.minusSeconds(60));
    FakeUpstream api = mesh.upstream("api").id("api-1").start();
    assertThrows(IOException.class, () -> api.get(expired, "/"));
    assertTrue(
        api.awaitRefusals(1, Duration.ofSeconds(5)).stream()
            .anyMatch(r -> r.toLowerCase().contains("expired")),
        api.refusals().toString());
    assertTrue(api.get(web, "/x").contains("to " + web.identity()));
  }

  @Test
  @Order(4)
  void serviceTokenMayActOnlyAsItsService(NativeMesh mesh) {
    try (ConsulClient web = mesh.client(mesh.serviceToken("web"))) {
      ConsulClient.join(web.connectCa().leaf("web", QueryOptions.NONE));
      ConsulApiException e =
          assertThrows(
              ConsulApiException.class,
              () -> ConsulClient.join(web.connectCa().leaf("api", QueryOptions.NONE)));
      assertEquals(403, e.statusCode());
    }
  }
}
