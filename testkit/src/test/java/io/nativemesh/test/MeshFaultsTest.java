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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.ConsulTransportException;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.tls.PemDecoder;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each fault helper has the effect it claims, observed through the real server and real TLS. */
class MeshFaultsTest {
  @RegisterExtension NativeMeshExtension ext = NativeMeshExtension.builder().build();

  private static IssuedCert leaf(ConsulClient c, String service, QueryOptions o) {
    return ConsulClient.join(c.connectCa().leaf(service, o)).value();
  }

  @Test
  void rotateLeafWakesBlockedLeafQueriesWithANewLeaf(NativeMesh mesh) {
    IssuedCert first = leaf(mesh.client(), "web", QueryOptions.NONE);
    CompletableFuture<QueryResult<IssuedCert>> wait =
        mesh.client()
            .connectCa()
            .leaf("web", QueryOptions.NONE.blocking(first.modifyIndex(), Duration.ofSeconds(20)));
    mesh.faults().rotateLeaf("web");
    IssuedCert next = wait.orTimeout(5, TimeUnit.SECONDS).join().value();
    assertNotEquals(first.serialNumber(), next.serialNumber());
    assertNotEquals(first.privateKeyPem(), next.privateKeyPem());
    assertThrows(IllegalStateException.class, () -> mesh.faults().rotateLeaf("never-asked"));
  }

  @Test
  void rotateCaRootServesTwoRootsAndReissuesLeavesWithTheNewKey(NativeMesh mesh) {
    CaRoots before = ConsulClient.join(mesh.client().connectCa().roots(QueryOptions.NONE)).value();
    IssuedCert old = leaf(mesh.client(), "web", QueryOptions.NONE);
    CompletableFuture<QueryResult<IssuedCert>> wait =
        mesh.client()
            .connectCa()
            .leaf("web", QueryOptions.NONE.blocking(old.modifyIndex(), Duration.ofSeconds(20)));
    mesh.faults().rotateCaRoot();
    CaRoots after = ConsulClient.join(mesh.client().connectCa().roots(QueryOptions.NONE)).value();
    assertEquals(2, after.roots().size());
    assertNotEquals(before.activeRootId(), after.activeRootId());
    IssuedCert reissued = wait.orTimeout(5, TimeUnit.SECONDS).join().value();
    assertNotEquals(old.serialNumber(), reissued.serialNumber());
    // the testkit's CA key is the previous root's: leaves it mints now model a missed rotation
    assertEquals(mesh.ca().root().getPublicKey(), parseRoot(before).getPublicKey());
    assertFalse(
        after.roots().stream()
            .filter(r -> r.active())
            .anyMatch(
                r ->
                    PemDecoder.certificates(r.rootCert())
                        .get(0)
                        .getPublicKey()
                        .equals(mesh.ca().root().getPublicKey())));
  }

  private static X509Certificate parseRoot(CaRoots r) {
    return PemDecoder.certificates(r.roots().get(0).rootCert()).get(0);
  }

  @Test
  void stopIssuingLeavesKeepsServingTheOldLeafPastExpiry() throws Exception {
    try (NativeMesh mesh =
        NativeMeshExtension.builder().leafCertTtl(Duration.ofSeconds(2)).startMesh()) {
      IssuedCert first = leaf(mesh.client(), "web", QueryOptions.NONE);
      mesh.faults().stopIssuingLeaves();
      ConsulApiException never =
          assertThrows(
              ConsulApiException.class,
              () -> leaf(mesh.client(), "never-issued", QueryOptions.NONE));
      assertEquals(503, never.statusCode());
      // a blocking query for a new leaf does not return one
      QueryResult<IssuedCert> blocked =
          ConsulClient.join(
              mesh.client()
                  .connectCa()
                  .leaf(
                      "web",
                      QueryOptions.NONE.blocking(first.modifyIndex(), Duration.ofSeconds(3))));
      assertEquals(first.serialNumber(), blocked.value().serialNumber());
      // past its expiry, a revalidating read still gets the same, now expired, leaf
      IssuedCert stale = leaf(mesh.client(), "web", QueryOptions.NONE);
      assertEquals(first.serialNumber(), stale.serialNumber());
      assertTrue(stale.validBefore().isBefore(Instant.now()), "served an expired leaf");
      mesh.faults().resumeIssuingLeaves();
      IssuedCert fresh = leaf(mesh.client(), "web", QueryOptions.NONE);
      assertNotEquals(first.serialNumber(), fresh.serialNumber());
      assertTrue(fresh.validBefore().isAfter(Instant.now()));
    }
  }

  @Test
  void stalledBlockingQueriesHangWhileOthersPass(NativeMesh mesh) throws Exception {
    try (ConsulClient c = mesh.client(mesh.managementToken())) {
      long index = ConsulClient.join(c.connectCa().roots(QueryOptions.NONE)).meta().index();
      mesh.faults().stallBlockingQueries();
      CompletableFuture<QueryResult<CaRoots>> held =
          c.connectCa().roots(QueryOptions.NONE.blocking(index, Duration.ofSeconds(1)));
      // non-blocking reads still go through
      assertFalse(
          ConsulClient.join(c.connectCa().roots(QueryOptions.NONE)).value().roots().isEmpty());
      assertThrows(TimeoutException.class, () -> held.get(2500, TimeUnit.MILLISECONDS));
      assertEquals(1, mesh.faults().affectedBlockingQueries());
      mesh.faults().healBlockingQueries();
      // released: relayed to the server, which answers when its 1 s wait ends
      assertEquals(index, held.get(5, TimeUnit.SECONDS).meta().index());
    }
  }

  @Test
  void brokenBlockingQueriesFailAtOnce(NativeMesh mesh) {
    try (ConsulClient c = mesh.client(mesh.managementToken())) {
      long index = ConsulClient.join(c.connectCa().roots(QueryOptions.NONE)).meta().index();
      mesh.faults().breakBlockingQueries();
      long t0 = System.nanoTime();
      CompletionException e =
          assertThrows(
              CompletionException.class,
              () ->
                  c.connectCa()
                      .roots(QueryOptions.NONE.blocking(index, Duration.ofSeconds(30)))
                      .join());
      assertTrue(e.getCause() instanceof ConsulTransportException, e.toString());
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
      mesh.faults().healBlockingQueries();
      ConsulClient.join(
          c.connectCa().roots(QueryOptions.NONE.blocking(index, Duration.ofMillis(200))));
    }
  }

  @Test
  void markCriticalAndPassingChangeHealth(NativeMesh mesh) {
    FakeUpstream api = mesh.upstream("api").id("api-1").start();
    mesh.faults().markCritical(api.id(), "disk full");
    List<ServiceEntry> e =
        ConsulClient.join(mesh.client().health().service("api", QueryOptions.NONE)).value();
    assertFalse(e.get(0).isPassing());
    assertEquals(
        "disk full",
        e.get(0).checks().stream()
            .filter(c -> c.checkId().equals(api.checkId()))
            .findFirst()
            .orElseThrow()
            .output());
    mesh.faults().markPassing(api.id());
    assertTrue(
        ConsulClient.join(mesh.client().health().service("api", QueryOptions.NONE))
            .value()
            .get(0)
            .isPassing());
    assertThrows(IllegalArgumentException.class, () -> mesh.faults().markCritical("nope", "x"));
  }

  @Test
  void denyCallerTurnsAnAllowedCallIntoARefusedHandshake(NativeMesh mesh) throws Exception {
    FakeUpstream api = mesh.upstream("api").id("api-1").start();
    TestLeaf web = mesh.ca().leaf("web", Duration.ofHours(1));
    mesh.allow("web", "api");
    String body = api.get(web, "/");
    assertTrue(
        body.startsWith("api-1 as " + api.leaf().identity() + " to " + web.identity()), body);
    mesh.faults().denyCaller("web", "api");
    assertThrows(IOException.class, () -> api.get(web, "/"));
    assertTrue(
        api.awaitRefusals(1, Duration.ofSeconds(5)).stream().anyMatch(r -> r.contains("denied")),
        api.refusals().toString());
  }
}
