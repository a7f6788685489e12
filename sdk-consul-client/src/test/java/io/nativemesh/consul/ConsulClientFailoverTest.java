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
package io.nativemesh.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.nativemesh.core.InvalidConfigurationException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failover of a {@link ConsulClient} with several server addresses, over real sockets: a closed
 * port (connection refused), WireMock servers answering 500 {@code No cluster leader} (Consul's
 * answer while a cluster has no leader), 503, resets, and healthy ones.
 */
class ConsulClientFailoverTest {
  private WireMockServer a;
  private WireMockServer b;
  private String dead;

  @BeforeEach
  void start() throws Exception {
    a = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    b = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    a.start();
    b.start();
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = "127.0.0.1:" + s.getLocalPort(); // closed once the block ends: connection refused
    }
  }

  @AfterEach
  void stop() {
    a.stop();
    b.stop();
  }

  private ConsulClient client(String... addrs) {
    return ConsulClient.builder().addresses(addrs).requestTimeout(Duration.ofSeconds(5)).build();
  }

  private static void noLeader(WireMockServer s) {
    s.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .willReturn(aResponse().withStatus(500).withBody("No cluster leader")));
    s.stubFor(
        put(urlPathEqualTo("/v1/kv/k"))
            .willReturn(aResponse().withStatus(500).withBody("No cluster leader")));
  }

  private static void healthy(WireMockServer s) {
    s.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .willReturn(aResponse().withHeader("X-Consul-Index", "42").withBody("\"v\"")));
    s.stubFor(put(urlPathEqualTo("/v1/kv/k")).willReturn(aResponse().withBody("true")));
  }

  @Test
  void readFailsOverPastARefusedConnectionAndANoLeaderServerThenSticks() {
    noLeader(a);
    healthy(b);
    try (ConsulClient c = client(dead, a.baseUrl(), b.baseUrl())) {
      QueryResult<String> r =
          ConsulClient.join(c.getAsync("/v1/kv/k", String.class, QueryOptions.NONE, false));
      assertEquals("v", r.value());
      assertEquals(42, r.meta().index());
      assertEquals(HttpUrl.get(b.baseUrl() + "/"), c.address(), "the server that answered");
      ConsulClient.join(c.getAsync("/v1/kv/k", String.class, QueryOptions.NONE, false));
      a.verify(1, getRequestedFor(urlPathEqualTo("/v1/kv/k")));
      b.verify(2, getRequestedFor(urlPathEqualTo("/v1/kv/k")));
    }
  }

  @Test
  void blockingQueryKeepsItsIndexOnTheNextServer() {
    a.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    healthy(b);
    try (ConsulClient c = client(a.baseUrl(), b.baseUrl())) {
      QueryOptions blocking = QueryOptions.NONE.blocking(41, Duration.ofSeconds(1));
      QueryResult<String> r =
          ConsulClient.join(c.getAsync("/v1/kv/k", String.class, blocking, false));
      assertEquals(42, r.meta().index());
      a.verify(
          1, getRequestedFor(urlPathEqualTo("/v1/kv/k")).withQueryParam("index", equalTo("41")));
      b.verify(
          1, getRequestedFor(urlPathEqualTo("/v1/kv/k")).withQueryParam("index", equalTo("41")));
    }
  }

  @Test
  void writeFailsOverOnlyWhenItCertainlyNeverReachedAServer() {
    noLeader(a);
    healthy(b);
    try (ConsulClient c = client(dead, b.baseUrl())) {
      assertEquals(
          Boolean.TRUE, c.write("PUT", "/v1/kv/k", Map.of("cas", "3"), "x", Boolean.class));
      b.verify(1, putRequestedFor(urlPathEqualTo("/v1/kv/k")).withQueryParam("cas", equalTo("3")));
    }
    b.resetRequests();
    // "No cluster leader" to a write may come from a server that already logged it: not resent
    try (ConsulClient c = client(a.baseUrl(), b.baseUrl())) {
      ConsulApiException e =
          assertThrows(
              ConsulApiException.class,
              () -> c.write("PUT", "/v1/kv/k", Map.of("cas", "3"), "x", Boolean.class));
      assertEquals(500, e.statusCode());
      b.verify(0, putRequestedFor(urlPathEqualTo("/v1/kv/k")));
    }
  }

  @Test
  void writeWhoseOutcomeIsUnknownIsNotRepeatedElsewhere() {
    a.stubFor(
        put(urlPathEqualTo("/v1/kv/k"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    healthy(b);
    try (ConsulClient c = client(a.baseUrl(), b.baseUrl())) {
      ConsulTransportException e =
          assertThrows(
              ConsulTransportException.class,
              () -> c.write("PUT", "/v1/kv/k", Map.of(), "x", Boolean.class));
      assertEquals(ConsulTransportException.class, e.getClass(), e.toString());
      assertTrue(e.getMessage().contains(a.baseUrl()), e.getMessage());
      b.verify(0, putRequestedFor(urlPathEqualTo("/v1/kv/k")));
    }
  }

  @Test
  void clientErrorsAreAnswersNotReasonsToFailOver() {
    a.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .willReturn(aResponse().withStatus(403).withBody("Permission denied")));
    healthy(b);
    try (ConsulClient c = client(a.baseUrl(), b.baseUrl())) {
      ConsulApiException e =
          assertThrows(
              ConsulApiException.class,
              () ->
                  ConsulClient.join(
                      c.getAsync("/v1/kv/k", String.class, QueryOptions.NONE, false)));
      assertEquals(403, e.statusCode());
      b.verify(0, getRequestedFor(urlPathEqualTo("/v1/kv/k")));
    }
  }

  @Test
  void everyServerFailingNamesEachAddressTried() {
    noLeader(a);
    b.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .willReturn(aResponse().withStatus(503).withBody("raft: not ready")));
    try (ConsulClient c = client(a.baseUrl(), dead, b.baseUrl())) {
      ConsulServersUnavailableException e =
          assertThrows(
              ConsulServersUnavailableException.class,
              () ->
                  ConsulClient.join(
                      c.getAsync("/v1/kv/k", String.class, QueryOptions.NONE, false)));
      assertEquals(c.addresses(), e.addresses());
      String m = e.getMessage();
      assertTrue(m.startsWith("GET /v1/kv/k failed on all 3 Consul servers: "), m);
      assertTrue(
          m.contains(
              a.baseUrl() + "/ (GET /v1/kv/k: Unexpected response code: 500 (No cluster leader))"),
          m);
      assertTrue(
          m.contains(
              "http://"
                  + dead
                  + "/ (GET /v1/kv/k to http://"
                  + dead
                  + "/ failed: java.net.ConnectException"),
          m);
      assertTrue(
          m.contains(
              b.baseUrl() + "/ (GET /v1/kv/k: Unexpected response code: 503 (raft: not ready))"),
          m);
      assertEquals(2, e.getSuppressed().length);
    }
  }

  /**
   * A read whose attempts outlast the cool-down (the second server holds it, as a blocking query
   * parked on a server that then dies) goes back to the first address, which failed longer than the
   * cool-down ago and is serving again, instead of failing on "all" servers: seen as a failed
   * intentions watch in the greeter demo while the cluster's leader was killed.
   */
  @Test
  void aSlowFailureElsewhereSendsTheReadBackToAnAddressWhoseCoolDownHasPassed() {
    a.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .inScenario("restart")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("up"));
    a.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .inScenario("restart")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withHeader("X-Consul-Index", "43").withBody("\"back\"")));
    b.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withBody("No cluster leader")
                    .withFixedDelay(600))); // well past the cool-down
    try (ConsulClient c = coolDown200ms(a.baseUrl(), b.baseUrl())) {
      QueryOptions blocking = QueryOptions.NONE.blocking(41, Duration.ofSeconds(1));
      QueryResult<String> r =
          ConsulClient.join(c.getAsync("/v1/kv/k", String.class, blocking, false));
      assertEquals("back", r.value());
      assertEquals(43, r.meta().index());
      a.verify(
          2, getRequestedFor(urlPathEqualTo("/v1/kv/k")).withQueryParam("index", equalTo("41")));
      b.verify(1, getRequestedFor(urlPathEqualTo("/v1/kv/k")));
    }
  }

  /** Failures quicker than the cool-down: one pass over the addresses, then the failure. */
  @Test
  void quickFailuresEndAfterOnePass() {
    a.stubFor(
        get(urlPathEqualTo("/v1/kv/k"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    noLeader(b);
    try (ConsulClient c =
        ConsulClient.builder()
            .addresses(a.baseUrl(), b.baseUrl())
            .failoverCoolDown(Duration.ofMinutes(1))
            .build()) {
      ConsulServersUnavailableException e =
          assertThrows(
              ConsulServersUnavailableException.class,
              () ->
                  ConsulClient.join(
                      c.getAsync("/v1/kv/k", String.class, QueryOptions.NONE, false)));
      assertEquals(2, e.addresses().size(), e.getMessage());
      a.verify(1, getRequestedFor(urlPathEqualTo("/v1/kv/k")));
      b.verify(1, getRequestedFor(urlPathEqualTo("/v1/kv/k")));
    }
  }

  private static ConsulClient coolDown200ms(String... addrs) {
    return ConsulClient.builder()
        .addresses(addrs)
        .requestTimeout(Duration.ofSeconds(5))
        .failoverCoolDown(Duration.ofMillis(200))
        .build();
  }

  @Test
  void aFailedAddressIsTriedLastDuringItsCoolDown() {
    healthy(b);
    try (ConsulClient c =
        ConsulClient.builder()
            .addresses(dead, b.baseUrl())
            .failoverCoolDown(Duration.ofMinutes(1))
            .build()) {
      ConsulClient.join(c.getAsync("/v1/kv/k", String.class, QueryOptions.NONE, false));
      // b now answers 503: the request starts at b, then tries the dead address (breaker open,
      // tried last) and fails naming both, b first
      b.resetAll();
      b.stubFor(
          get(urlPathEqualTo("/v1/kv/k")).willReturn(aResponse().withStatus(503).withBody("down")));
      ConsulServersUnavailableException e =
          assertThrows(
              ConsulServersUnavailableException.class,
              () ->
                  ConsulClient.join(
                      c.getAsync("/v1/kv/k", String.class, QueryOptions.NONE, false)));
      assertEquals(
          List.of(HttpUrl.get(b.baseUrl() + "/"), HttpUrl.get("http://" + dead + "/")),
          e.addresses());
    }
  }

  @Test
  void environmentTakesACommaSeparatedList() {
    ConsulClient.Builder bl =
        ConsulClient.builder()
            .fromEnvironment(
                Map.of("CONSUL_HTTP_ADDR", "127.0.0.1:8500, http://127.0.0.1:8501,https://h:8502"));
    try (ConsulClient c = bl.build()) {
      assertEquals(
          List.of(
              HttpUrl.get("http://127.0.0.1:8500/"),
              HttpUrl.get("http://127.0.0.1:8501/"),
              HttpUrl.get("https://h:8502/")),
          c.addresses());
      assertEquals(HttpUrl.get("http://127.0.0.1:8500/"), c.address());
    }
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> ConsulClient.builder().address("127.0.0.1:8500,,127.0.0.1:8501"));
    assertTrue(e.getMessage().contains("invalid Consul address ''"), e.getMessage());
    assertThrows(
        InvalidConfigurationException.class, () -> ConsulClient.builder().addresses(List.of()));
    assertThrows(
        InvalidConfigurationException.class,
        () -> ConsulClient.builder().failoverCoolDown(Duration.ZERO));
  }
}
