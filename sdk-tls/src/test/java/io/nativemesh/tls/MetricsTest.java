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
package io.nativemesh.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nativemesh.tls.metrics.MeshMetrics;
import io.nativemesh.tls.metrics.MicrometerMeshMetrics;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void verificationsAndDecisionsAreCounted() throws Exception {
    TestCa ca = new TestCa("root");
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    MeshStateStore store = new MeshStateStore();
    store.publish(
        Fixtures.state(1, ca, "web", List.of(Fixtures.intention("api", "web", "allow")), false));
    MeshTrustManager tm =
        new MeshTrustManager(
            store, new TlsPolicy(Clock.systemUTC(), false, false, new MicrometerMeshMetrics(reg)));
    tm.verifyClient(new X509Certificate[] {ca.leaf(new TestCa.Leaf(TestCa.uri("api")))});
    X509Certificate[] intruder = {ca.leaf(new TestCa.Leaf(TestCa.uri("intruder")))};
    assertThrows(CertificateRejectedException.class, () -> tm.verifyClient(intruder));
    X509Certificate[] foreign = {new TestCa("other").leaf(new TestCa.Leaf(TestCa.uri("api")))};
    assertThrows(CertificateRejectedException.class, () -> tm.verifyClient(foreign));
    assertEquals(
        2.0,
        reg.get("nativemesh.tls.peer.verifications")
            .tag("side", "server")
            .tag("outcome", "ok")
            .counter()
            .count());
    assertEquals(
        1.0,
        reg.get("nativemesh.tls.peer.verifications")
            .tag("outcome", "CHAIN_INVALID")
            .counter()
            .count());
    assertEquals(
        1.0,
        reg.get("nativemesh.authz.decisions")
            .tag("result", "allow")
            .tag("decided_by", "intention")
            .counter()
            .count());
    assertEquals(
        1.0,
        reg.get("nativemesh.authz.decisions")
            .tag("result", "deny")
            .tag("decided_by", "default-policy")
            .counter()
            .count());
    new MicrometerMeshMetrics(reg).leafExpiryGauge("web", () -> 42.0);
    assertEquals(42.0, reg.get("nativemesh.leaf.expiry.seconds").gauge().value());
  }

  @Test
  void theLeafExpiryGaugeOutlivesAGarbageCollection() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // the caller keeps no reference to the supplier, as the SDK's own registration does not
    // (a capturing lambda: a non-capturing one is a constant the JVM keeps anyway)
    double[] left = {42.0};
    new MicrometerMeshMetrics(registry).leafExpiryGauge("web", () -> left[0]);
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(
        42.0, registry.get("nativemesh.leaf.expiry.seconds").tag("service", "web").gauge().value());
  }

  @Test
  void servicesOfOneNameShareTheGaugeWhichShowsTheSoonestExpiryUntilTheLastCloses() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerMeshMetrics metrics = new MicrometerMeshMetrics(registry);
    double[] first = {Double.NaN};
    double[] second = {300.0};
    MeshMetrics.Registration a = metrics.leafExpiryGauge("web", () -> first[0]);
    MeshMetrics.Registration b = metrics.leafExpiryGauge("web", () -> second[0]);
    MeshMetrics.Registration other = metrics.leafExpiryGauge("api", () -> 7.0);
    Gauge web = registry.get("nativemesh.leaf.expiry.seconds").tag("service", "web").gauge();
    assertEquals(300.0, web.value(), "a service without a leaf yet (NaN) is not the soonest");
    first[0] = 120.0;
    assertEquals(120.0, web.value());

    a.close();
    assertEquals(300.0, web.value(), "the closed service's leaf is no longer reported");
    a.close(); // idempotent: does not withdraw b
    assertEquals(300.0, web.value());

    b.close();
    assertNull(
        registry.find("nativemesh.leaf.expiry.seconds").tag("service", "web").gauge(),
        "the gauge outlived the last service of its name");
    assertEquals(
        7.0, registry.get("nativemesh.leaf.expiry.seconds").tag("service", "api").gauge().value());

    // a later service of the same name registers afresh
    metrics.leafExpiryGauge("web", () -> 60.0);
    assertEquals(
        60.0, registry.get("nativemesh.leaf.expiry.seconds").tag("service", "web").gauge().value());
    other.close();
  }
}
