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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Leaves keep flowing after the rotated-out root is pruned (docs/consul-api.md, "Pruning
 * rotated-out roots"): 2 × LeafCertTTL after a rotation the server drops the old root from the
 * roots list, but the new root's leaves still carry the cross-signed intermediate (issued by the
 * old root) in their chain, as Consul's do. The SDK must accept them against the remaining new
 * root, both for its own leaf and for a peer's. Real server in-process, second-long TTLs, real mTLS
 * handshake.
 */
class CaRootPruneTest {

  private static CaRoots roots(ConsulClient c) {
    return ConsulClient.join(c.connectCa().roots(QueryOptions.NONE)).value();
  }

  @Test
  void leavesKeepRotatingAndHandshakingAfterTheOldRootIsPruned() throws Exception {
    Duration ttl = Duration.ofSeconds(2);
    try (ConsulServer server =
            ConsulServer.start(
                ServerConfig.builder()
                    .httpPort(0)
                    .dev(true)
                    .leafCertTtl(ttl)
                    .caRotationStagger(Duration.ofMillis(100))
                    .build());
        ConsulClient consul = ConsulClient.builder().address(server.httpUrl()).build();
        MeshService web = MeshService.builder("web").consul(consul).build();
        MeshService api = MeshService.builder("api").consul(consul).build()) {
      web.awaitReady(Duration.ofSeconds(20));
      api.awaitReady(Duration.ofSeconds(20));
      String oldRootId = roots(consul).activeRootId();

      consul.write(
          "PUT",
          "/v1/connect/ca/configuration",
          Map.of(),
          Map.of("Provider", "consul", "Config", Map.of("LeafCertTTL", "2s")),
          null);
      String newRootId = roots(consul).activeRootId();
      assertNotEquals(oldRootId, newRootId);

      // the server prunes the old root 2 x TTL after the rotation
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (roots(consul).roots().size() != 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1, roots(consul).roots().size(), "old root pruned");
      Instant prunedAt = Instant.now();

      // server side: it keeps signing with the new root's key; the leaf it serves still carries the
      // cross-signed intermediate (Consul shape)
      IssuedCert served =
          ConsulClient.join(consul.connectCa().leaf("api", QueryOptions.NONE)).value();
      var chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(served.certPem().getBytes(StandardCharsets.US_ASCII)));
      assertEquals(2, chain.size(), "leaf + cross-signed intermediate");
      X509Certificate activeRoot =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(
                          roots(consul)
                              .roots()
                              .get(0)
                              .rootCert()
                              .getBytes(StandardCharsets.US_ASCII)));
      ((X509Certificate) chain.iterator().next()).verify(activeRoot.getPublicKey());

      // SDK side: both services accept a leaf issued after the prune, against the single new root
      deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (System.nanoTime() < deadline
          && (!issuedAfter(api.state(), prunedAt) || !issuedAfter(web.state(), prunedAt))) {
        Thread.sleep(50);
      }
      assertTrue(
          issuedAfter(api.state(), prunedAt),
          "api accepted no leaf after the prune: " + api.readiness().reason());
      assertTrue(
          issuedAfter(web.state(), prunedAt),
          "web accepted no leaf after the prune: " + web.readiness().reason());
      assertEquals(1, api.state().trust().roots().size());
      assertTrue(api.readiness().ready(), api.readiness().reason());
      assertTrue(web.readiness().ready(), web.readiness().reason());

      // a real mTLS handshake between the two, each validating the other's [leaf, cross-signed]
      try (var listener = web.serverSslContext().getServerSocketFactory().createServerSocket(0)) {
        Thread accept =
            new Thread(
                () -> {
                  try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                  } catch (Exception ignored) {
                    // the client side asserts
                  }
                });
        accept.start();
        MeshStateStore frozen = new MeshStateStore();
        frozen.publish(api.state());
        SSLContext client = MeshSslContexts.sslContext(frozen, TlsPolicy.DEFAULT);
        int port = listener.getLocalPort();
        try (SSLSocket s =
            (SSLSocket)
                client
                    .getSocketFactory()
                    .createSocket(
                        new Socket("127.0.0.1", port), "web.service.consul", port, true)) {
          s.setSoTimeout(5000);
          s.startHandshake();
          assertEquals(1, s.getInputStream().read());
        } finally {
          accept.join(5000);
        }
      }
    }
  }

  private static boolean issuedAfter(MeshState s, Instant t) {
    X509Certificate leaf = s.leaf();
    // NotBefore is backdated by TTL/10 and truncated to the second
    return !leaf.getNotBefore().toInstant().plusSeconds(1).isBefore(t);
  }
}
