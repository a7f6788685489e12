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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.nativemesh.tls.source.MeshTlsSource;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failure mode of Consul 1.15.0/1.15.1 (GH-16779): the agent silently stops answering blocking
 * leaf queries. The watchdog must notice once the last renewal instant (90 % of the leaf's
 * lifetime) and a grace have passed, force a non-blocking read, and readiness must turn false once
 * the leaf expires without a successor. Time is a {@link MutableClock} (the {@link TlsPolicy}'s
 * clock) and the watchdog runs on a {@link ManualScheduler} driven by it: an hour-long leaf, and no
 * test sleeps.
 */
class ExpiryWatchdogTest {
  private static final String LEAF = "/v1/agent/connect/ca/leaf/web";
  private static final Duration LIFETIME = Duration.ofHours(1);
  private FakeAgent agent;
  private WireMockServer wm;
  private MutableClock clock;
  private ManualScheduler scheduler;
  private MeshTlsSource source;
  private TestCa ca;

  @BeforeEach
  void setUp() throws Exception {
    ca = new TestCa("root");
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    scheduler = new ManualScheduler(clock);
    agent = new FakeAgent(Duration.ofSeconds(30), Duration.ofSeconds(2));
    wm = agent.wm;
    String rootsJson =
        "{\"ActiveRootID\":\"aa\",\"TrustDomain\":\""
            + TestCa.TD
            + "\",\"Roots\":[{\"ID\":\"aa\",\"Name\":\"r\","
            + "\"RootCert\":"
            + FakeAgent.json(FakeAgent.pem(ca.root))
            + ",\"Active\":true}]}";
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .withQueryParam("index", absent())
            .willReturn(aResponse().withHeader("X-Consul-Index", "3").withBody(rootsJson)));
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .withQueryParam("index", matching(".+"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "3")
                    .withFixedDelay(20_000)
                    .withBody(rootsJson)));
    wm.stubFor(
        get(urlPathEqualTo("/v1/connect/intentions/match"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "4")
                    .withHeader("X-Consul-Default-ACL-Policy", "allow")
                    .withBody("{\"web\":[]}")));
    // blocking leaf queries hang: the agent's renewal chain is stuck
    wm.stubFor(
        get(urlPathEqualTo(LEAF))
            .withQueryParam("index", matching(".+"))
            .willReturn(aResponse().withFixedDelay(60_000).withStatus(200)));
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    scheduler.shutdownNow();
    agent.close();
  }

  /** A leaf valid from one second before the test clock's now for {@link #LIFETIME}. */
  private String leafJson(String serial, long index) throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("web"));
    o.notBefore = clock.instant().minusSeconds(1);
    o.notAfter = o.notBefore.plus(LIFETIME);
    X509Certificate c = ca.leaf(o);
    return "{\"SerialNumber\":\""
        + serial
        + "\",\"CertPEM\":"
        + FakeAgent.json(FakeAgent.pem(c))
        + ",\"PrivateKeyPEM\":"
        + FakeAgent.json(FakeAgent.pem(o.key))
        + ",\"Service\":\"web\",\"ServiceURI\":\""
        + TestCa.uri("web")
        + "\",\"ModifyIndex\":"
        + index
        + "}";
  }

  private void stubNonBlockingLeaf(String body, long index) {
    wm.stubFor(
        get(urlPathEqualTo(LEAF))
            .withQueryParam("index", absent())
            .willReturn(
                aResponse().withHeader("X-Consul-Index", String.valueOf(index)).withBody(body)));
  }

  private int nonBlockingLeafReads() {
    return wm.countRequestsMatching(
            getRequestedFor(urlPathEqualTo(LEAF)).withQueryParam("index", absent()).build())
        .getCount();
  }

  private MeshState start() throws Exception {
    source =
        new MeshTlsSource(
            agent.watches, "web", new TlsPolicy(clock, false, false), false, scheduler);
    return source.ready().get(10, TimeUnit.SECONDS);
  }

  private static Instant ninetyPercent(MeshState s) {
    return s.notBefore().plus(s.lifetime().multipliedBy(9).dividedBy(10));
  }

  /** 90 % of the hour-long leaf's lifetime and a grace of one minute (a twentieth is 3 min). */
  private static Instant watchdogDue(MeshState s) {
    return ninetyPercent(s).plus(Duration.ofMinutes(1));
  }

  /**
   * Waits up to 10 s (wall clock; nothing here advances the test clock) for the scheduler's pending
   * due times to equal {@code expected}.
   *
   * @return the last due times seen
   */
  private List<Instant> awaitDueTimes(List<Instant> expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Instant> due = scheduler.dueTimes();
    while (!due.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      due = scheduler.dueTimes();
    }
    return due;
  }

  @Test
  void watchdogForcesARevalidatingReadPastNinetyPercentWhenTheBlockingChainHangs()
      throws Exception {
    stubNonBlockingLeaf(leafJson("0a", 10), 10);
    MeshState first = start();
    assertEquals(
        List.of(watchdogDue(first)),
        scheduler.dueTimes(),
        "watchdog armed at 90 % of the leaf's lifetime and a minute's grace");
    int readsBefore = nonBlockingLeafReads();

    // the agent's last renewal instant is 90 %: a renewal made then is still on its way
    scheduler.advance(Duration.between(clock.instant(), ninetyPercent(first)));
    assertEquals(0, source.watchdogForcedRefreshes(), "fired at 90 %, racing the agent's renewal");
    scheduler.advance(Duration.between(clock.instant(), watchdogDue(first)).minusSeconds(1));
    assertEquals(0, source.watchdogForcedRefreshes(), "fired before the grace ran out");
    assertEquals(readsBefore, nonBlockingLeafReads());

    // the agent would now issue a new leaf only on a non-blocking (revalidating) read
    stubNonBlockingLeaf(leafJson("0b", 11), 11);
    CompletableFuture<MeshState> rotated = new CompletableFuture<>();
    source
        .store()
        .addListener(
            (prev, now) -> {
              if (now.generation() > first.generation()) {
                rotated.complete(now);
              }
            });
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(1, source.watchdogForcedRefreshes());

    MeshState now = rotated.get(10, TimeUnit.SECONDS);
    assertEquals(first.generation() + 1, now.generation());
    assertNotEquals(first.serial(), now.serial(), "the forced read's leaf was not published");
    assertTrue(source.readiness().ready(), source.readiness().reason());
    assertEquals(
        readsBefore + 1,
        nonBlockingLeafReads(),
        "the hanging blocking query was not abandoned for a non-blocking read");
    // the source re-arms right after publishing, so listeners may run first: wait for it
    assertEquals(
        List.of(watchdogDue(now)),
        awaitDueTimes(List.of(watchdogDue(now))),
        "the watchdog re-armed for the new leaf only");
  }

  @Test
  void readinessTurnsFalseWhenTheLeafExpiresWithoutSuccessor() throws Exception {
    stubNonBlockingLeaf(
        leafJson("0c", 10), 10); // the agent keeps serving the same leaf, even past expiry
    MeshState s = start();
    assertTrue(source.readiness().ready(), source.readiness().reason());

    scheduler.advance(Duration.between(clock.instant(), watchdogDue(s)));
    assertEquals(1, source.watchdogForcedRefreshes());
    // re-armed: checks again every twentieth of the lifetime while no successor arrives
    assertEquals(List.of(clock.instant().plus(LIFETIME.dividedBy(20))), scheduler.dueTimes());

    scheduler.advance(LIFETIME.dividedBy(20));
    assertEquals(2, source.watchdogForcedRefreshes());
    assertTrue(
        source.readiness().ready(), "still valid until notAfter: " + source.readiness().reason());

    scheduler.advance(Duration.between(clock.instant(), s.notAfter()));
    Readiness r = source.readiness();
    assertFalse(r.ready());
    assertEquals(
        "leaf "
            + s.serialHex()
            + " of web expired at "
            + s.notAfter()
            + " and no renewal arrived; check the agent's /v1/agent/connect/ca/leaf/web",
        r.reason());
  }

  @Test
  void closingStopsTheWatchdog() throws Exception {
    stubNonBlockingLeaf(leafJson("0d", 10), 10);
    MeshState s = start();
    assertEquals(List.of(watchdogDue(s)), scheduler.dueTimes());
    source.close();
    assertEquals(List.of(), scheduler.dueTimes(), "close() left the watchdog scheduled");

    scheduler.advance(Duration.between(clock.instant(), s.notAfter()));
    assertEquals(0, source.watchdogForcedRefreshes());
  }

  @Test
  void theGraceIsATwentiethOfTheLifetimeAndAtMostAMinute() {
    Instant nb = Instant.parse("2026-01-01T00:00:00Z");
    // 15 s: 13.5 s + 0.75 s
    assertEquals(
        nb.plusMillis(14_250), MeshTlsSource.watchdogDue(nb, nb.plusSeconds(15)), "15 s leaf");
    // 72 h: 64.8 h + 1 min
    assertEquals(
        nb.plus(Duration.ofMinutes(72 * 60 * 9 / 10 + 1)),
        MeshTlsSource.watchdogDue(nb, nb.plus(Duration.ofHours(72))),
        "72 h leaf");
    // 20 min: 18 min + 1 min (the twentieth and the cap meet)
    assertEquals(
        nb.plus(Duration.ofMinutes(19)),
        MeshTlsSource.watchdogDue(nb, nb.plus(Duration.ofMinutes(20))),
        "20 min leaf");
    assertEquals(nb, MeshTlsSource.watchdogDue(nb, nb), "no lifetime: due at once");
    assertEquals(nb, MeshTlsSource.watchdogDue(nb, nb.minusSeconds(5)), "inverted validity");
  }
}
