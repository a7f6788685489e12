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
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.tls.source.AgentAuthorizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AgentAuthorizer}: the fallback that asks {@code POST /v1/agent/connect/authorize} (Consul
 * API), caches per client certificate, and fails closed.
 */
class AgentAuthorizerTest {
  private static final String AUTHORIZE = "/v1/agent/connect/authorize";
  private static final ServiceIdentity API = SpiffeId.parse(TestCa.uri("api")).asService();

  private WireMockServer wm;
  private ConsulClient client;
  private ExecutorService pool;
  private final AtomicInteger submitted = new AtomicInteger();
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    client =
        ConsulClient.builder()
            .address("127.0.0.1:" + wm.port())
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    client.close();
    wm.stop();
  }

  private AgentAuthorizer authorizer(Duration timeout) {
    return new AgentAuthorizer(
        client,
        "web",
        Duration.ofSeconds(10),
        timeout,
        r -> {
          submitted.incrementAndGet();
          pool.execute(r);
        },
        clock);
  }

  private void agentAnswers(boolean authorized, String reason) {
    wm.stubFor(
        post(urlPathEqualTo(AUTHORIZE))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"Authorized\":" + authorized + ",\"Reason\":\"" + reason + "\"}")));
  }

  private int agentCalls() {
    return wm.countRequestsMatching(postRequestedFor(urlPathEqualTo(AUTHORIZE)).build()).getCount();
  }

  @Test
  void asksTheAgentWithTargetClientUriAndSerial() {
    agentAnswers(true, "Matched L4 intention: ALLOW default/api => default/web");

    IntentionDecision d = authorizer(Duration.ofSeconds(5)).authorize(API, "0a:1b");

    assertTrue(d.allowed(), d.reason());
    assertEquals(
        "agent /v1/agent/connect/authorize: Matched L4 intention: ALLOW default/api => default/web",
        d.reason());
    assertNull(d.intention());
    wm.verify(
        postRequestedFor(urlPathEqualTo(AUTHORIZE))
            .withRequestBody(
                equalToJson(
                    "{\"Target\":\"web\",\"ClientCertURI\":\""
                        + TestCa.uri("api")
                        + "\",\"ClientCertSerial\":\"0a:1b\"}")));
  }

  @Test
  void aDenialCarriesTheAgentsReason() {
    agentAnswers(false, "Default behavior configured by ACLs");

    IntentionDecision d = authorizer(Duration.ofSeconds(5)).authorize(API, "0a:1b");

    assertFalse(d.allowed());
    assertEquals(
        "agent /v1/agent/connect/authorize: Default behavior configured by ACLs", d.reason());
  }

  @Test
  void answersAreCachedPerCertificateUntilTheTtlPasses() {
    agentAnswers(true, "ok");
    AgentAuthorizer a = authorizer(Duration.ofSeconds(5));

    a.authorize(API, "0a:1b");
    a.authorize(API, "0a:1b");
    assertEquals(
        1, agentCalls(), "the second handshake of the same certificate asked the agent again");

    a.authorize(API, "0a:1c");
    assertEquals(2, agentCalls(), "a new serial (a renewed client leaf) must be asked about");

    clock.advance(Duration.ofSeconds(9));
    a.authorize(API, "0a:1b");
    assertEquals(2, agentCalls(), "still within the 10 s TTL");

    clock.advance(Duration.ofSeconds(2));
    a.authorize(API, "0a:1b");
    assertEquals(3, agentCalls(), "past the TTL the agent must be asked again");
  }

  @Test
  void concurrentHandshakesOfOneClientShareOneCall() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(AUTHORIZE))
            .willReturn(
                aResponse()
                    .withFixedDelay(300)
                    .withBody("{\"Authorized\":true,\"Reason\":\"ok\"}")));
    AgentAuthorizer a = authorizer(Duration.ofSeconds(10));

    List<CompletableFuture<IntentionDecision>> handshakes =
        List.of(
            CompletableFuture.supplyAsync(() -> a.authorize(API, "0a:1b"), pool),
            CompletableFuture.supplyAsync(() -> a.authorize(API, "0a:1b"), pool),
            CompletableFuture.supplyAsync(() -> a.authorize(API, "0a:1b"), pool));
    for (CompletableFuture<IntentionDecision> h : handshakes) {
      assertTrue(h.get(20, TimeUnit.SECONDS).allowed());
    }

    assertEquals(1, submitted.get(), "executor tasks");
    assertEquals(1, agentCalls());
  }

  @Test
  void anAgentThatDoesNotAnswerInTimeIsAFailClosedDenialAndNotCached() {
    wm.stubFor(
        post(urlPathEqualTo(AUTHORIZE))
            .willReturn(
                aResponse()
                    .withFixedDelay(3_000)
                    .withBody("{\"Authorized\":true,\"Reason\":\"late\"}")));
    AgentAuthorizer a = authorizer(Duration.ofMillis(100));

    IntentionDecision d = a.authorize(API, "0a:1b");

    assertFalse(d.allowed());
    assertEquals(
        "the agent did not answer /v1/agent/connect/authorize within PT0.1S; refusing (fail closed)",
        d.reason());
    agentAnswers(true, "now fast");
    a.authorize(API, "0a:1b");
    assertEquals(2, submitted.get(), "a timed-out answer must not be reused");
  }

  @Test
  void anAgentErrorIsADenialNamingTheErrorAndNotCached() {
    wm.stubFor(
        post(urlPathEqualTo(AUTHORIZE))
            .willReturn(aResponse().withStatus(403).withBody("Permission denied")));
    AgentAuthorizer a = authorizer(Duration.ofSeconds(5));

    IntentionDecision d = a.authorize(API, "0a:1b");

    assertFalse(d.allowed());
    assertEquals(
        "/v1/agent/connect/authorize failed: POST /v1/agent/connect/authorize: Unexpected response code: 403 "
            + "(Permission denied)",
        d.reason());

    agentAnswers(true, "token fixed");
    IntentionDecision retry = a.authorize(API, "0a:1b");
    assertTrue(retry.allowed(), retry.reason());
    assertEquals(2, agentCalls());
  }

  @Test
  void anInterruptedHandshakeIsRefusedAndKeepsTheInterruptFlag() {
    wm.stubFor(
        post(urlPathEqualTo(AUTHORIZE))
            .willReturn(
                aResponse()
                    .withFixedDelay(2_000)
                    .withBody("{\"Authorized\":true,\"Reason\":\"ok\"}")));
    AgentAuthorizer a = authorizer(Duration.ofSeconds(10));

    Thread.currentThread().interrupt();
    IntentionDecision d = a.authorize(API, "0a:1b");

    assertTrue(Thread.interrupted(), "the interrupt flag was swallowed");
    assertFalse(d.allowed());
    assertEquals("interrupted while asking the agent", d.reason());
  }

  @Test
  void withoutWaitingAMissIsRefusedAtOnceAndTheAnswerDecidesTheNextHandshake() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(AUTHORIZE))
            .willReturn(
                aResponse()
                    .withFixedDelay(500)
                    .withBody("{\"Authorized\":true,\"Reason\":\"ok\"}")));
    AgentAuthorizer a = authorizer(Duration.ofSeconds(5));

    long t0 = System.nanoTime();
    IntentionDecision first = a.authorizeWithoutWaiting(API, "0a:1b");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertFalse(first.allowed());
    assertTrue(first.reason().contains("refused without waiting"), first.reason());
    assertTrue(tookMs < 400, "waited " + tookMs + " ms for a 500 ms agent");
    assertFalse(a.authorizeWithoutWaiting(API, "0a:1b").allowed(), "still pending");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!a.authorizeWithoutWaiting(API, "0a:1b").allowed()) {
      assertTrue(System.nanoTime() < deadline, "the agent's answer was never used");
      Thread.sleep(20);
    }
    assertEquals(1, agentCalls(), "pending handshakes share one call");
  }

  @Test
  void withoutWaitingACachedAnswerIsRefreshedInTheBackgroundPastHalfItsTtl() throws Exception {
    agentAnswers(true, "ok");
    AgentAuthorizer a = authorizer(Duration.ofSeconds(5));
    a.authorize(API, "0a:1b");
    assertEquals(1, agentCalls());

    clock.advance(Duration.ofSeconds(6)); // past half of the 10 s TTL
    assertTrue(a.authorizeWithoutWaiting(API, "0a:1b").allowed(), "the cached answer is used");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (agentCalls() < 2) {
      assertTrue(System.nanoTime() < deadline, "no background refresh");
      Thread.sleep(20);
    }
    Thread.sleep(100); // the refreshed entry is stored after the answer
    clock.advance(Duration.ofSeconds(6)); // past the first answer's TTL, within the refreshed one
    assertTrue(a.authorizeWithoutWaiting(API, "0a:1b").allowed(), "refused after a refresh");
  }
}
