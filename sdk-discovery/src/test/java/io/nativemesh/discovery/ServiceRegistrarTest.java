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
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.tls.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration, the readiness-fed TTL heartbeat and deregistration, against a WireMock agent. */
class ServiceRegistrarTest {
  private WireMockServer agent;
  private ConsulClient consul;
  private ScheduledThreadPoolExecutor scheduler;

  @BeforeEach
  void setUp() {
    agent =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    agent.start();
    agent.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    consul =
        ConsulClient.builder()
            .address("127.0.0.1:" + agent.port())
            .requestTimeout(Duration.ofSeconds(2))
            .build();
    scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true); // cancelled heartbeats leave the queue at once
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
    consul.close();
    agent.stop();
  }

  /** Waits (up to 5 s) until the agent saw at least one matching request. */
  private void awaitRequest(RequestPatternBuilder pattern) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (agent.findAll(pattern).isEmpty()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "no request like "
                + pattern.build()
                + "; the agent saw "
                + agent.getAllServeEvents().stream()
                    .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
                    .toList());
      }
      Thread.sleep(20);
    }
  }

  @Test
  void registersConnectNativeWithACriticalTtlCheckFedByReadiness() throws Exception {
    AtomicReference<Readiness> readiness =
        new AtomicReference<>(new Readiness(false, "waiting for the leaf"));
    try (ServiceRegistrar r =
        new ServiceRegistrar(consul, "web", Duration.ofSeconds(3), readiness::get, scheduler)) {
      r.register("web-1", "127.0.0.1", 8443);
      agent.verify(
          putRequestedFor(urlEqualTo("/v1/agent/service/register"))
              .withRequestBody(
                  equalToJson(
                      "{\"ID\":\"web-1\",\"Name\":\"web\",\"Tags\":[],\"Address\":\"127.0.0.1\",\"Port\":8443,"
                          + "\"Connect\":{\"Native\":true},\"Check\":{\"CheckID\":\"service:web-1\",\"Name\":\"Mesh identity ready\","
                          + "\"Notes\":\"passes while the leaf certificate is valid and chains to the CA roots\",\"Status\":\"critical\","
                          + "\"TTL\":\"3s\"}}")));
      awaitRequest(
          putRequestedFor(urlPathEqualTo("/v1/agent/check/fail/service:web-1"))
              .withQueryParam("note", equalTo("waiting for the leaf")));
      readiness.set(new Readiness(true, "leaf 0a valid"));
      awaitRequest(
          putRequestedFor(urlPathEqualTo("/v1/agent/check/pass/service:web-1"))
              .withQueryParam("note", equalTo("leaf 0a valid")));
      assertEquals(List.of("web-1"), r.registered());
    }
  }

  /**
   * An instance whose identity is ready registers passing: a peer that resolves it right after
   * {@code register} returns finds it, before the first heartbeat.
   */
  @Test
  void aReadyInstanceRegistersPassing() throws Exception {
    try (ServiceRegistrar r =
        new ServiceRegistrar(
            consul,
            "web",
            Duration.ofSeconds(3),
            () -> new Readiness(true, "leaf 0a valid"),
            scheduler)) {
      r.register("web-1", "127.0.0.1", 8443);
      agent.verify(
          putRequestedFor(urlEqualTo("/v1/agent/service/register"))
              .withRequestBody(matchingJsonPath("$.Check[?(@.Status == 'passing')]")));
      awaitRequest(putRequestedFor(urlPathEqualTo("/v1/agent/check/pass/service:web-1")));
    }
  }

  /**
   * A server that takes the TTL update but does not answer (a follower waiting on a peer that was
   * just restarted) must not hold the heartbeats: each waits at most its interval, and the next one
   * goes to the client's next address inside the TTL (6 s: the second update leaves after about 4
   * s). With the client's request timeout (10 s) the check would lapse.
   */
  @Test
  void aHeartbeatStuckOnOneServerMovesToTheNextWithinTheTtl() throws Exception {
    WireMockServer second =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    second.start();
    second.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    agent.stubFor(
        any(urlPathEqualTo("/v1/agent/check/pass/service:web-1"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(30_000)));
    try (ConsulClient cluster =
            ConsulClient.builder()
                .addresses("127.0.0.1:" + agent.port(), "127.0.0.1:" + second.port())
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        ServiceRegistrar r =
            new ServiceRegistrar(
                cluster,
                "web",
                Duration.ofSeconds(6),
                () -> new Readiness(true, "ok"),
                scheduler)) {
      r.register("web-1", "127.0.0.1", 8443);
      long start = System.nanoTime();
      RequestPatternBuilder pass =
          putRequestedFor(urlPathEqualTo("/v1/agent/check/pass/service:web-1"));
      while (second.findAll(pass).isEmpty()) {
        assertTrue(
            System.nanoTime() - start < Duration.ofSeconds(6).toNanos(),
            "no heartbeat reached the second server within the 6 s TTL; the first saw "
                + agent.findAll(pass).size());
        Thread.sleep(20);
      }
      assertEquals(1, agent.findAll(pass).size(), "one update went to the stuck server");
    } finally {
      second.stop();
    }
  }

  @Test
  void aTtlUpdateTimeoutMustBePositive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> consul.agent().ttlCheck("service:web-1", "pass", null, Duration.ZERO));
    assertEquals("TTL update timeout must be positive, was PT0S", e.getMessage());
  }

  @Test
  void closeDeregistersAndStopsTheHeartbeats() throws Exception {
    ServiceRegistrar r =
        new ServiceRegistrar(
            consul, "web", Duration.ofSeconds(1), () -> new Readiness(true, "ok"), scheduler);
    r.register("web-1", "127.0.0.1", 8443);
    r.register("web-2", "127.0.0.1", 8444);
    awaitRequest(putRequestedFor(urlPathEqualTo("/v1/agent/check/pass/service:web-2")));
    r.close();
    agent.verify(putRequestedFor(urlEqualTo("/v1/agent/service/deregister/web-1")));
    agent.verify(putRequestedFor(urlEqualTo("/v1/agent/service/deregister/web-2")));
    assertEquals(List.of(), r.registered());
    assertEquals(
        List.of(), List.copyOf(scheduler.getQueue()), "heartbeats still scheduled after close");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> r.register("web-3", "127.0.0.1", 8445));
    assertEquals("registrar of web is closed; not registering web-3", e.getMessage());
  }

  @Test
  void anAgentRefusalReachesTheCaller() {
    agent.stubFor(
        any(urlEqualTo("/v1/agent/service/register"))
            .willReturn(aResponse().withStatus(403).withBody("Permission denied")));
    try (ServiceRegistrar r =
        new ServiceRegistrar(
            consul, "web", Duration.ofSeconds(3), () -> new Readiness(true, "ok"), scheduler)) {
      ConsulApiException e =
          assertThrows(ConsulApiException.class, () -> r.register("web-1", "127.0.0.1", 8443));
      assertEquals(403, e.statusCode());
      assertEquals(List.of(), r.registered(), "nothing to deregister");
    }
  }

  @Test
  void refusesACheckTtlUnderOneSecond() {
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () ->
                new ServiceRegistrar(
                    consul,
                    "web",
                    Duration.ofMillis(500),
                    () -> new Readiness(true, "ok"),
                    scheduler));
    assertTrue(e.getMessage().contains("PT0.5S"), e.getMessage());
  }
}
