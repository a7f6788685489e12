package io.nativemesh.tls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.nativemesh.blocking.Watches;
import io.nativemesh.tls.source.MeshTlsSource;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failure mode of Consul 1.15.0/1.15.1 (GH-16779): the agent silently stops answering blocking
 * leaf queries. The watchdog must notice at 90 % of the leaf's lifetime, force a non-blocking read,
 * and readiness must turn false once the leaf expires without a successor.
 */
class ExpiryWatchdogTest {
  private static final String LEAF = "/v1/agent/connect/ca/leaf/web";
  private FakeAgent agent;
  private WireMockServer wm;
  private Watches watches;
  private ScheduledExecutorService scheduler;
  private MeshTlsSource source;
  private TestCa ca;

  @BeforeEach
  void setUp() throws Exception {
    ca = new TestCa("root");
    agent = new FakeAgent(Duration.ofSeconds(30), Duration.ofSeconds(2));
    wm = agent.wm;
    watches = agent.watches;
    scheduler = agent.scheduler;
    String rootsJson = "{\"ActiveRootID\":\"aa\",\"TrustDomain\":\"" + TestCa.TD + "\",\"Roots\":[{\"ID\":\"aa\",\"Name\":\"r\","
        + "\"RootCert\":" + FakeAgent.json(FakeAgent.pem(ca.root)) + ",\"Active\":true}]}";
    wm.stubFor(get(urlPathEqualTo("/v1/agent/connect/ca/roots")).withQueryParam("index", absent())
        .willReturn(aResponse().withHeader("X-Consul-Index", "3").withBody(rootsJson)));
    wm.stubFor(get(urlPathEqualTo("/v1/agent/connect/ca/roots")).withQueryParam("index", matching(".+"))
        .willReturn(aResponse().withHeader("X-Consul-Index", "3").withFixedDelay(20_000).withBody(rootsJson)));
    wm.stubFor(get(urlPathEqualTo("/v1/connect/intentions/match")).willReturn(aResponse()
        .withHeader("X-Consul-Index", "4").withHeader("X-Consul-Default-ACL-Policy", "allow")
        .withFixedDelay(0).withBody("{\"web\":[]}")));
    // blocking leaf queries hang: the agent's renewal chain is stuck
    wm.stubFor(get(urlPathEqualTo(LEAF)).withQueryParam("index", matching(".+"))
        .willReturn(aResponse().withFixedDelay(60_000).withStatus(200)));
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    agent.close();
  }

  private String leafJson(String serial, Duration lifetime, long index) throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri("web"));
    o.notBefore = Instant.now().minusMillis(200);
    o.notAfter = o.notBefore.plus(lifetime);
    X509Certificate c = ca.leaf(o);
    return "{\"SerialNumber\":\"" + serial + "\",\"CertPEM\":" + FakeAgent.json(FakeAgent.pem(c)) + ",\"PrivateKeyPEM\":" + FakeAgent.json(FakeAgent.pem(o.key))
        + ",\"Service\":\"web\",\"ServiceURI\":\"" + TestCa.uri("web") + "\",\"ModifyIndex\":" + index + "}";
  }

  private void stubNonBlockingLeaf(String body, long index) {
    wm.stubFor(get(urlPathEqualTo(LEAF)).withQueryParam("index", absent())
        .willReturn(aResponse().withHeader("X-Consul-Index", String.valueOf(index)).withBody(body)));
  }

  @Test
  void watchdogForcesARevalidatingReadWhenTheBlockingChainHangs() throws Exception {
    stubNonBlockingLeaf(leafJson("0a", Duration.ofSeconds(5), 10), 10);
    source = new MeshTlsSource(watches, "web", TlsPolicy.DEFAULT, false, scheduler);
    MeshState first = source.ready().get(10, TimeUnit.SECONDS);
    // the agent would now issue a new leaf only on a non-blocking (revalidating) read
    stubNonBlockingLeaf(leafJson("0b", Duration.ofSeconds(60), 11), 11);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (source.store().current().generation() == first.generation() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    MeshState now = source.store().current();
    assertEquals(first.generation() + 1, now.generation(), "no new leaf after the watchdog fired");
    assertTrue(Instant.now().isBefore(first.notAfter()) || source.watchdogForcedRefreshes() >= 1);
    assertTrue(source.watchdogForcedRefreshes() >= 1);
    assertTrue(source.readiness().ready(), source.readiness().reason());
    // the hanging blocking query was abandoned for a non-blocking read
    assertTrue(wm.countRequestsMatching(getRequestedFor(urlPathEqualTo(LEAF)).withQueryParam("index", absent()).build()).getCount() >= 2);
  }

  @Test
  void readinessTurnsFalseWhenTheLeafExpiresWithoutSuccessor() throws Exception {
    String only = leafJson("0c", Duration.ofSeconds(5), 10);
    stubNonBlockingLeaf(only, 10); // the agent keeps serving the same leaf, even past expiry
    source = new MeshTlsSource(watches, "web", TlsPolicy.DEFAULT, false, scheduler);
    MeshState s = source.ready().get(10, TimeUnit.SECONDS);
    assertTrue(source.readiness().ready());
    while (Instant.now().isBefore(s.notAfter().plusMillis(100))) {
      Thread.sleep(50);
    }
    Readiness r = source.readiness();
    assertFalse(r.ready());
    assertTrue(r.reason().contains("expired"), r.reason());
    assertTrue(source.watchdogForcedRefreshes() >= 1);
  }
}
