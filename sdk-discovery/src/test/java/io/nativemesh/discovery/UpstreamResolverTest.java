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
package io.nativemesh.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UpstreamResolver}: endpoint sets from {@code /v1/health/connect/:service?passing}
 * (WireMock in Consul's shape), balancing, outlier ejection on an injected nanosecond ticker,
 * external down marks, the per-upstream circuit breaker, leases.
 */
class UpstreamResolverTest {
  private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 20001);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 20002);
  private static final InetSocketAddress C = new InetSocketAddress("127.0.0.3", 20003);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private FakeConsul consul;
  private UpstreamResolver resolver;

  @BeforeEach
  void start() {
    consul = new FakeConsul();
    resolver = resolver(UpstreamPolicy.DEFAULT, Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    resolver.close();
    consul.close();
  }

  private UpstreamResolver resolver(UpstreamPolicy policy, Duration firstResolveTimeout) {
    return new UpstreamResolver(
        consul.watches,
        WatchOptions.DEFAULTS.withWait(Duration.ofSeconds(30)),
        () -> "dc-local",
        firstResolveTimeout,
        policy,
        nanos::get);
  }

  private static List<String> ids(List<Endpoint> eps) {
    return eps.stream().map(Endpoint::instanceId).toList();
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void endpointsCarryIdentityFromTheCatalogNotTheAddress() {
    consul.healthConnect(
        "api",
        "["
            + FakeConsul.entry("api", "api-1", "n1", "dc1", "127.0.0.1", 20001)
            + ","
            + FakeConsul.entry("api", "api-2", "n2", "", "", 20002)
            + "]");

    List<Endpoint> eps = resolver.endpoints("api");

    assertEquals(
        List.of(
            new Endpoint("api", "api-1", "n1", "dc1", A),
            new Endpoint(
                "api", "api-2", "n2", "dc-local", new InetSocketAddress("10.255.255.1", 20002))),
        eps,
        "an empty datacenter falls back to the agent's, an empty service address to the node's");
    assertEquals(
        SpiffeId.parse("spiffe://td.consul/ns/default/dc/dc1/svc/api"),
        eps.get(0).expectedSpiffeId(TrustDomain.parse("td.consul")));
    assertEquals("ip-7f000001.api.service.dc1.consul", eps.get(0).meshHost());
    consul.wm.verify(
        getRequestedFor(urlPathEqualTo("/v1/health/connect/api"))
            .withQueryParam("passing", equalTo("")));
  }

  @Test
  void instancesWithUnusableAddressesAreSkipped() {
    consul.healthConnect(
        "api",
        "["
            + FakeConsul.entry("api", "api-1", "n1", "dc1", "127.0.0.1", 20001)
            + ","
            + FakeConsul.entry("api", "api-bad", "n2", "dc1", "127.0.0.2", 70000)
            + "]");

    assertEquals(List.of("api-1"), ids(resolver.endpoints("api")));
  }

  @Test
  void aCatalogThatNeverAnswersFailsTheFirstResolutionNamingTheUpstream() {
    consul.wm.stubFor(
        get(urlPathEqualTo("/v1/health/connect/slow"))
            .willReturn(aResponse().withFixedDelay(10_000).withBody("[]")));
    try (UpstreamResolver r = resolver(UpstreamPolicy.DEFAULT, Duration.ofMillis(200))) {
      NoHealthyUpstreamException e =
          assertThrows(NoHealthyUpstreamException.class, () -> r.endpoints("slow"));
      assertEquals("slow", e.service());
      assertEquals(
          "no healthy instance of upstream 'slow': the catalog did not answer within PT0.2S",
          e.getMessage());
      assertFalse(r.whenResolved(UpstreamTarget.of("slow")).isDone());
    }
  }

  @Test
  void aConfiguredTargetQueriesItsTagDatacenterAndNamespaceAndCarriesTheNamespace() {
    consul.healthConnect(
        "db", "[" + FakeConsul.entry("db", "db-1", "n1", "", "127.0.0.1", 5432) + "]");
    UpstreamTarget t =
        UpstreamTarget.of("db").inDatacenter("dc2").withTag("primary").inNamespace("team-a");
    UpstreamPolicy p = UpstreamPolicy.builder().loadBalancing(LoadBalancing.RANDOM).build();
    resolver.configure(t, p);

    assertSame(t, resolver.target("db"));
    assertSame(p, resolver.policy("db"));
    assertSame(UpstreamPolicy.DEFAULT, resolver.policy("other"));
    List<Endpoint> eps = resolver.endpoints("db");

    assertEquals(
        List.of(
            new Endpoint(
                "db", "db-1", "n1", "dc2", new InetSocketAddress("127.0.0.1", 5432), "team-a")),
        eps,
        "a node without datacenter is in the target's datacenter");
    assertEquals("team-a", eps.get(0).namespace());
    consul.wm.verify(
        getRequestedFor(urlPathEqualTo("/v1/health/connect/db"))
            .withQueryParam("passing", equalTo(""))
            .withQueryParam("dc", equalTo("dc2"))
            .withQueryParam("tag", equalTo("primary"))
            .withQueryParam("ns", equalTo("team-a")));
  }

  @Test
  void roundRobinVisitsEveryInstanceAndPickHonoursExclusions() {
    consul.instances("api", A, B, C);

    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      seen.add(resolver.pick("api", List.of()).instanceId());
    }
    assertEquals(2, seen.stream().filter("api-1"::equals).count(), seen.toString());
    assertEquals(2, seen.stream().filter("api-2"::equals).count(), seen.toString());
    assertEquals(2, seen.stream().filter("api-3"::equals).count(), seen.toString());

    List<Endpoint> all = resolver.endpoints("api");
    assertEquals("api-3", resolver.pick("api", all.subList(0, 2)).instanceId());
    NoHealthyUpstreamException e =
        assertThrows(NoHealthyUpstreamException.class, () -> resolver.pick("api", all));
    assertEquals(
        "no healthy instance of upstream 'api': all 3 instances failed for this request",
        e.getMessage());
  }

  @Test
  void anEmptyCatalogSaysSo() {
    consul.healthConnect("api", "[]");

    NoHealthyUpstreamException e =
        assertThrows(
            NoHealthyUpstreamException.class,
            () -> resolver.lease(UpstreamTarget.of("api"), List.of()));
    assertEquals(
        "no healthy instance of upstream 'api': the catalog lists no passing instance",
        e.getMessage());
  }

  @Test
  void leasesCountAsOutstandingUntilClosed() throws Exception {
    consul.instances("api", A);
    UpstreamTarget t = UpstreamTarget.of("api");

    EndpointLease l1 = resolver.lease(t, List.of());
    EndpointLease l2 = resolver.lease(t, List.of());
    assertEquals(2, resolver.outstanding(t, l1.endpoint()));
    assertSame(UpstreamPolicy.DEFAULT, l1.policy());
    l1.connected();
    l1.close();
    l1.close();
    assertEquals(1, resolver.outstanding(t, l1.endpoint()), "closing twice released twice");
    l2.close();
    assertEquals(0, resolver.outstanding(t, l1.endpoint()));
    assertEquals("lease of api-1@127.0.0.1:20001", l1.toString());
  }

  @Test
  void consecutiveFailuresEjectAnInstanceUntilTheTickerPassesTheEjection() throws Exception {
    resolver.configure(
        UpstreamTarget.of("api"),
        UpstreamPolicy.builder()
            .outlierEjection(2, Duration.ofSeconds(10), Duration.ofSeconds(15))
            .build());
    consul.instances("api", A, B);
    UpstreamTarget t = resolver.target("api");
    Endpoint a = resolver.endpoints(t).get(0);

    failOn(t, a);
    assertEquals(List.of(), resolver.ejected(t), "one failure is below the threshold of 2");
    failOn(t, a);
    assertEquals(List.of(a), resolver.ejected(t));
    for (int i = 0; i < 4; i++) {
      assertEquals(
          "api-2", resolver.pick("api", List.of()).instanceId(), "an ejected instance was chosen");
    }

    advance(Duration.ofSeconds(10));
    assertEquals(List.of(), resolver.ejected(t), "the ejection is timed");

    failOn(t, a);
    failOn(t, a);
    advance(Duration.ofSeconds(14));
    assertEquals(
        List.of(a),
        resolver.ejected(t),
        "a second ejection in a row lasts 2 x 10 s, capped at 15 s");
    advance(Duration.ofSeconds(1));
    assertEquals(List.of(), resolver.ejected(t));
  }

  private void failOn(UpstreamTarget t, Endpoint e) throws IOException {
    List<Endpoint> others = new ArrayList<>(resolver.endpoints(t));
    others.remove(e);
    try (EndpointLease l = resolver.lease(t, others)) {
      assertEquals(e, l.endpoint());
      l.failed(new IOException("connection refused"));
    }
  }

  @Test
  void whenEveryInstanceIsEjectedTheOneReturningFirstIsUsed() throws Exception {
    resolver.configure(
        UpstreamTarget.of("api"),
        UpstreamPolicy.builder()
            .outlierEjection(1, Duration.ofSeconds(10), Duration.ofSeconds(60))
            .build());
    consul.instances("api", A, B);
    UpstreamTarget t = resolver.target("api");
    List<Endpoint> eps = resolver.endpoints(t);
    failOn(t, eps.get(1));
    advance(Duration.ofSeconds(1));
    failOn(t, eps.get(0));
    assertEquals(eps, resolver.ejected(t));

    for (int i = 0; i < 3; i++) {
      assertEquals(
          eps.get(1),
          resolver.pick("api", List.of()),
          "fail open on the instance whose ejection ends first");
    }
  }

  @Test
  void anInstanceMarkedDownIsSkippedUntilMarkedUp() {
    consul.instances("api", A, B);
    resolver.markDown(new InetSocketAddress("127.0.0.1", 20001), true);

    assertTrue(resolver.isMarkedDown(A));
    for (int i = 0; i < 4; i++) {
      assertEquals("api-2", resolver.pick("api", List.of()).instanceId());
    }
    resolver.markDown(A, false);
    assertFalse(resolver.isMarkedDown(A));
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      seen.add(resolver.pick("api", List.of()).instanceId());
    }
    assertTrue(seen.contains("api-1"), seen.toString());
  }

  @Test
  void theCircuitBreakerOpensOnFailuresAndRefusesNewLeasesNamingTheUpstream() throws Exception {
    resolver.configure(
        UpstreamTarget.of("api"),
        UpstreamPolicy.builder()
            .circuitBreaker(50f, 4, 4, Duration.ofSeconds(30))
            .outlierEjection(100, Duration.ofSeconds(1), Duration.ofSeconds(1))
            .build());
    consul.instances("api", A, B);
    UpstreamTarget t = resolver.target("api");

    for (int i = 0; i < 2; i++) {
      try (EndpointLease l = resolver.lease(t, List.of())) {
        l.connected();
      }
    }
    try (EndpointLease l = resolver.lease(t, List.of())) {
      l.refused(); // a refusal by intentions counts for nothing
    }
    try (EndpointLease l = resolver.lease(t, List.of())) {
      l.failed(new IOException("reset"));
    }
    assertEquals(CircuitState.CLOSED, resolver.circuitState(t), "1 failure of 3 counted calls");
    try (EndpointLease l = resolver.lease(t, List.of())) {
      l.failed(new IOException("reset"));
      l.connected(); // a second report is ignored
    }
    assertEquals(CircuitState.OPEN, resolver.circuitState(t), "2 failures of 4 reach 50 %");

    UpstreamCircuitOpenException e =
        assertThrows(UpstreamCircuitOpenException.class, () -> resolver.lease(t, List.of()));
    assertEquals("api", e.upstream());
    assertEquals(
        "circuit breaker of upstream 'api' is OPEN after 2 failed of 4 recent attempts; retry after PT30S",
        e.getMessage());
    for (Endpoint ep : resolver.endpoints(t)) {
      assertEquals(0, resolver.outstanding(t, ep), "a refused lease must not stay outstanding");
    }
  }

  @Test
  void aNewCatalogAnswerReplacesTheSetAndAnUnreachableCatalogKeepsIt() throws Exception {
    consul.instances("api", A, B);
    assertEquals(List.of("api-1", "api-2"), ids(resolver.endpoints("api")));

    consul.instances("api", C);
    consul.refresh("api", () -> resolver.endpoints("api").size() == 1);
    assertEquals(List.of("api-1"), ids(resolver.endpoints("api")));
    assertEquals(C, resolver.endpoints("api").get(0).address());

    consul.wm.stubFor(
        get(urlPathEqualTo("/v1/health/connect/api"))
            .willReturn(aResponse().withStatus(500).withBody("No cluster leader")));
    assertThrows(Exception.class, () -> consul.refresh("api", () -> true));
    assertEquals(
        List.of(C),
        resolver.endpoints("api").stream().map(Endpoint::address).toList(),
        "the last known set must survive a catalog outage");
  }

  @Test
  void whenResolvedCompletesWithTheFirstSet() throws Exception {
    consul.instances("api", A);

    List<Endpoint> first =
        resolver.whenResolved(UpstreamTarget.of("api")).get(10, TimeUnit.SECONDS);
    assertEquals(List.of("api-1"), ids(first));
    assertTrue(resolver.whenResolved(UpstreamTarget.of("api")).isDone());
  }

  @Test
  void targetsValidateNamesNamingTheValue() {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> UpstreamTarget.of("bad name"));
    assertEquals("invalid upstream service 'bad name'", e.getMessage());
    InvalidConfigurationException tag =
        assertThrows(
            InvalidConfigurationException.class, () -> UpstreamTarget.of("api").withTag("a/b"));
    assertEquals("invalid upstream tag 'a/b'", tag.getMessage());
    assertEquals(
        "api[tag=blue][ns=ns1]@dc2",
        UpstreamTarget.of("api").withTag("blue").inNamespace("ns1").inDatacenter("dc2").toString());
    assertEquals("default", UpstreamTarget.of("api").effectiveNamespace());
  }
}
