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
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.model.AgentSelf;
import io.nativemesh.core.model.AuthorizeRequest;
import io.nativemesh.core.model.AuthorizeResponse;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.core.model.Weights;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsulClient} and its endpoint groups against WireMock stubs shaped like Consul's
 * documented responses (Consul API: response headers, {@code /v1/health/connect}, {@code
 * /v1/agent/connect/*}, {@code /v1/connect/intentions/*}, {@code /v1/agent/*}).
 */
class ConsulClientTest {
  private static final String TOKEN = "4c4e6d4e-5b4b-4a3f-9a61-7d0b3f1c2a10";
  private WireMockServer wm;
  private ConsulClient client;

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    client =
        ConsulClient.builder()
            .address("127.0.0.1:" + wm.port())
            .token(TOKEN)
            .requestTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    wm.stop();
  }

  private static final String HEALTH_CONNECT =
      """
      [{"Node":{"ID":"40e4a748-2192-161a-0510-9bf59fe950b5","Node":"node-1","Address":"10.0.0.1",
        "Datacenter":"dc1","TaggedAddresses":{"lan":"10.0.0.1"},"Meta":{"rack":"a"},"CreateIndex":5,"ModifyIndex":6},
        "Service":{"Kind":"","ID":"web-1","Service":"web","Tags":["v1"],"Address":"","Meta":{},"Port":21000,
          "Weights":{"Passing":3,"Warning":1},"EnableTagOverride":false,"Connect":{"Native":true},
          "CreateIndex":7,"ModifyIndex":8},
        "Checks":[{"Node":"node-1","CheckID":"serfHealth","Name":"Serf Health Status","Status":"passing",
          "Notes":"","Output":"Agent alive and reachable","ServiceID":"","ServiceName":"","ServiceTags":[],
          "Type":"","CreateIndex":5,"ModifyIndex":5},
         {"Node":"node-1","CheckID":"service:web-1","Name":"Service 'web' check","Status":"warning",
          "ServiceID":"web-1","ServiceName":"web","Type":"ttl","CreateIndex":7,"ModifyIndex":9}]},
       {"Node":{"Node":"node-2","Address":"10.0.0.2","Datacenter":"dc1"},
        "Service":{"ID":"web-2","Service":"web","Address":"10.0.1.2","Port":21001,"Connect":{"Native":true}},
        "Checks":null}]
      """;

  @Test
  void healthConnectDecodesEntriesAndHeadersAndSendsTheTokenInAHeader() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/health/connect/web"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "42")
                    .withHeader("X-Consul-KnownLeader", "true")
                    .withHeader("X-Consul-LastContact", "7")
                    .withHeader("X-Consul-Default-ACL-Policy", "deny")
                    .withBody(HEALTH_CONNECT)));

    QueryResult<List<ServiceEntry>> r =
        ConsulClient.join(
            client
                .health()
                .connect("web", QueryOptions.NONE.withParam("passing", "").withDatacenter("dc1")));

    assertEquals(new QueryMeta(42, true, 7, "deny", null), r.meta());
    List<ServiceEntry> entries = r.value();
    assertEquals(2, entries.size());
    ServiceEntry first = entries.get(0);
    assertEquals("node-1", first.node().node());
    assertEquals(Map.of("lan", "10.0.0.1"), first.node().taggedAddresses());
    assertEquals("web-1", first.service().id());
    assertEquals(21000, first.service().port());
    assertEquals(new Weights(3, 1), first.service().weights());
    assertEquals(new ConnectSettings(true), first.service().connect());
    assertEquals(
        "10.0.0.1", first.dialAddress(), "an empty service address falls back to the node's");
    assertFalse(first.isPassing(), "one check is warning");
    assertEquals(
        List.of("serfHealth", "service:web-1"),
        first.checks().stream().map(c -> c.checkId()).toList());
    ServiceEntry second = entries.get(1);
    assertEquals("10.0.1.2", second.dialAddress());
    assertEquals(List.of(), second.checks(), "null checks become empty");
    assertTrue(second.isPassing());

    wm.verify(
        getRequestedFor(urlPathEqualTo("/v1/health/connect/web"))
            .withHeader("X-Consul-Token", equalTo(TOKEN))
            .withQueryParam("token", absent())
            .withQueryParam("passing", equalTo(""))
            .withQueryParam("dc", equalTo("dc1"))
            .withQueryParam("index", absent()));
  }

  @Test
  void blockingReadSendsIndexAndWaitAndTheCallOutlivesTheRequestTimeout() {
    client.close();
    client =
        ConsulClient.builder()
            .address("http://127.0.0.1:" + wm.port())
            .requestTimeout(Duration.ofMillis(300))
            .build();
    wm.stubFor(
        get(urlPathEqualTo("/v1/health/service/web"))
            .willReturn(
                aResponse().withFixedDelay(600).withHeader("X-Consul-Index", "43").withBody("[]")));

    // 600 ms > requestTimeout, but a blocking read may take wait + wait/16 + requestTimeout
    QueryResult<List<ServiceEntry>> r =
        ConsulClient.join(
            client.health().service("web", QueryOptions.NONE.blocking(42, Duration.ofSeconds(2))));

    assertEquals(43, r.meta().index());
    assertEquals(List.of(), r.value());
    wm.verify(
        getRequestedFor(urlPathEqualTo("/v1/health/service/web"))
            .withQueryParam("index", equalTo("42"))
            .withQueryParam("wait", equalTo("2000ms"))
            .withHeader("X-Consul-Token", absent()));
  }

  @Test
  void nonBlockingReadTimesOutAfterTheRequestTimeout() {
    client.close();
    client =
        ConsulClient.builder()
            .address("127.0.0.1:" + wm.port())
            .requestTimeout(Duration.ofMillis(200))
            .build();
    wm.stubFor(
        get(urlPathEqualTo("/v1/catalog/services"))
            .willReturn(aResponse().withFixedDelay(3_000).withBody("{}")));

    ConsulTransportException e =
        assertThrows(
            ConsulTransportException.class,
            () -> ConsulClient.join(client.catalog().services(QueryOptions.NONE)));
    assertTrue(e.getMessage().contains("GET /v1/catalog/services"), e.getMessage());
  }

  @Test
  void catalogServicesDecodesTheTagMap() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/catalog/services"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "9")
                    .withBody("{\"consul\":[],\"web\":[\"v1\",\"primary\"]}")));

    QueryResult<Map<String, List<String>>> r =
        ConsulClient.join(client.catalog().services(QueryOptions.NONE));

    assertEquals(Map.of("consul", List.of(), "web", List.of("v1", "primary")), r.value());
    assertEquals(9, r.meta().index());
  }

  @Test
  void errorStatusBecomesConsulApiExceptionWithStatusAndPlainTextBody() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/leaf/web"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "Permission denied: token with AccessorID 'x' lacks permission 'service:write' on \"web\"\n")));

    ConsulApiException e =
        assertThrows(
            ConsulApiException.class,
            () -> ConsulClient.join(client.connectCa().leaf("web", QueryOptions.NONE)));

    assertEquals(403, e.statusCode());
    assertEquals(
        "Permission denied: token with AccessorID 'x' lacks permission 'service:write' on \"web\"",
        e.body());
    assertEquals(
        "GET /v1/agent/connect/ca/leaf/web: Unexpected response code: 403 (" + e.body() + ")",
        e.getMessage());
  }

  @Test
  void notFoundIsNullOnlyWhenAsked() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/kv/missing"))
            .willReturn(aResponse().withStatus(404).withHeader("X-Consul-Index", "17")));
    Class<JsonNode> type = JsonNode.class;

    QueryResult<JsonNode> r =
        ConsulClient.join(client.getAsync("/v1/kv/missing", type, QueryOptions.NONE, true));
    assertNull(r.value());
    assertEquals(17, r.meta().index(), "a 404 still carries the blocking index");

    ConsulApiException e =
        assertThrows(
            ConsulApiException.class,
            () ->
                ConsulClient.join(
                    client.getAsync("/v1/kv/missing", type, QueryOptions.NONE, false)));
    assertEquals(404, e.statusCode());
  }

  @Test
  void undecodableBodyIsATransportFailureNamingTheRequest() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .willReturn(aResponse().withBody("{\"Roots\": [")));

    ConsulTransportException e =
        assertThrows(
            ConsulTransportException.class,
            () -> ConsulClient.join(client.connectCa().roots(QueryOptions.NONE)));
    assertTrue(
        e.getMessage().startsWith("GET /v1/agent/connect/ca/roots: cannot read response"),
        e.getMessage());
  }

  @Test
  void connectionResetIsATransportFailureNamingTheAgent() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/self"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    ConsulTransportException e =
        assertThrows(ConsulTransportException.class, () -> client.agent().self());
    assertTrue(
        e.getMessage().contains("GET /v1/agent/self to " + client.address()), e.getMessage());
  }

  @Test
  void refusedConnectionIsATransportFailure() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (ConsulClient c = ConsulClient.builder().address("127.0.0.1:" + closedPort).build()) {
      ConsulTransportException e =
          assertThrows(ConsulTransportException.class, () -> c.agent().self());
      assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }
  }

  @Test
  void cancellingTheFutureAbortsTheHttpCall() throws Exception {
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .willReturn(aResponse().withFixedDelay(10_000).withBody("{}")));

    CompletableFuture<QueryResult<CaRoots>> f =
        client.connectCa().roots(QueryOptions.NONE.blocking(5, Duration.ofSeconds(30)));
    // wait until WireMock has the request, so the cancel hits an in-flight call
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (wm.getAllServeEvents().isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(
          TimeUnit.MILLISECONDS.toNanos(2)); // polls a condition; no timing is assumed
    }
    assertTrue(f.cancel(true));
    assertThrows(CancellationException.class, f::join);
    assertTrue(f.isCancelled());
  }

  @Test
  void rootsAndLeafDecodeIndexedCaRootsAndIssuedCert() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/roots"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "3")
                    .withBody(
                        """
            {"ActiveRootID":"c7:bd:55","TrustDomain":"11111111-2222-3333-4444-555555555555.consul",
             "Roots":[{"ID":"c7:bd:55","Name":"Consul CA Root Cert","SerialNumber":7,"SigningKeyID":"2d:09",
               "ExternalTrustDomain":"11111111-2222-3333-4444-555555555555","NotBefore":"2024-01-01T00:00:00Z",
               "NotAfter":"2034-01-01T00:00:00Z","RootCert":"-----BEGIN CERTIFICATE-----\\n","IntermediateCerts":null,
               "Active":true,"PrivateKeyType":"ec","PrivateKeyBits":256,"CreateIndex":3,"ModifyIndex":3}]}
            """)));
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/connect/ca/leaf/web"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "11")
                    .withBody(
                        """
            {"SerialNumber":"0f:a3","CertPEM":"CERT","PrivateKeyPEM":"KEY","Service":"web",
             "ServiceURI":"spiffe://11111111-2222-3333-4444-555555555555.consul/ns/default/dc/dc1/svc/web",
             "ValidAfter":"2024-05-01T10:00:00.123456Z","ValidBefore":"2024-05-04T10:00:00Z",
             "Namespace":"","CreateIndex":11,"ModifyIndex":11}
            """)));

    CaRoots roots = ConsulClient.join(client.connectCa().roots(QueryOptions.NONE)).value();
    assertEquals("c7:bd:55", roots.activeRootId());
    assertEquals(1, roots.roots().size());
    assertEquals(Instant.parse("2034-01-01T00:00:00Z"), roots.roots().get(0).notAfter());
    assertTrue(roots.roots().get(0).active());
    assertNull(roots.roots().get(0).intermediateCerts());

    QueryResult<IssuedCert> leaf =
        ConsulClient.join(client.connectCa().leaf("web", QueryOptions.NONE));
    assertEquals(11, leaf.meta().index());
    assertEquals("0f:a3", leaf.value().serialNumber());
    assertEquals(Instant.parse("2024-05-01T10:00:00.123456Z"), leaf.value().validAfter());
    assertFalse(
        leaf.value().toString().contains("KEY"),
        "toString must never print the private key: " + leaf.value());
  }

  @Test
  void authorizePostsTheRequestAndDecodesTheDecision() {
    wm.stubFor(
        post(urlPathEqualTo("/v1/agent/connect/authorize"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"Authorized\":false,\"Reason\":\"Matched L4 intention: DENY default/api => default/web\"}")));

    AuthorizeResponse r =
        client
            .connectCa()
            .authorize(
                new AuthorizeRequest(
                    "web", "spiffe://td.consul/ns/default/dc/dc1/svc/api", "0a:0b"));

    assertEquals(
        new AuthorizeResponse(false, "Matched L4 intention: DENY default/api => default/web"), r);
    wm.verify(
        postRequestedFor(urlPathEqualTo("/v1/agent/connect/authorize"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"Target\":\"web\",\"ClientCertURI\":\"spiffe://td.consul/ns/default/dc/dc1/svc/api\","
                        + "\"ClientCertSerial\":\"0a:0b\"}")));
  }

  @Test
  void authorizeRejectionSurfacesAs400() {
    wm.stubFor(
        post(urlPathEqualTo("/v1/agent/connect/authorize"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("ClientCertURI not a valid Connect identifier")));

    ConsulApiException e =
        assertThrows(
            ConsulApiException.class,
            () -> client.connectCa().authorize(new AuthorizeRequest("web", "nope", null)));
    assertEquals(400, e.statusCode());
    assertEquals("ClientCertURI not a valid Connect identifier", e.body());
  }

  @Test
  void intentionsMatchSendsByAndNameAndDecodesInEvaluationOrder() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/connect/intentions/match"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "21")
                    .withHeader("X-Consul-Default-ACL-Policy", "allow")
                    .withBody(
                        """
            {"web":[
              {"ID":"a","SourceNS":"default","SourceName":"api","DestinationNS":"default","DestinationName":"web",
               "SourceType":"consul","Action":"deny","Precedence":9,"CreateIndex":20,"ModifyIndex":20},
              {"ID":"b","SourceNS":"default","SourceName":"*","DestinationNS":"default","DestinationName":"web",
               "SourceType":"consul","Action":"allow","Precedence":8,"CreateIndex":19,"ModifyIndex":19}]}
            """)));

    QueryResult<Map<String, List<Intention>>> r =
        ConsulClient.join(
            client
                .intentions()
                .matchDestination("web", QueryOptions.NONE.blocking(20, Duration.ofSeconds(1))));

    assertEquals(
        List.of("api", "*"), r.value().get("web").stream().map(Intention::sourceName).toList());
    assertEquals("allow", r.meta().defaultAclPolicy());
    wm.verify(
        getRequestedFor(urlPathEqualTo("/v1/connect/intentions/match"))
            .withQueryParam("by", equalTo("destination"))
            .withQueryParam("name", equalTo("web"))
            .withQueryParam("index", equalTo("20"))
            .withQueryParam("wait", equalTo("1000ms")));
  }

  @Test
  void intentionUpsertAndDeleteUseTheExactEndpoint() {
    wm.stubFor(
        put(urlPathEqualTo("/v1/connect/intentions/exact"))
            .willReturn(aResponse().withBody("true")));
    wm.stubFor(
        delete(urlPathEqualTo("/v1/connect/intentions/exact"))
            .willReturn(aResponse().withBody("true")));

    client.intentions().upsertExact("api", "web", "allow", "api may call web");
    client.intentions().upsertExact("*", "web", "deny", null);
    client.intentions().deleteExact("api", "web");

    wm.verify(
        putRequestedFor(urlPathEqualTo("/v1/connect/intentions/exact"))
            .withQueryParam("source", equalTo("api"))
            .withQueryParam("destination", equalTo("web"))
            .withRequestBody(
                equalToJson(
                    "{\"SourceType\":\"consul\",\"Action\":\"allow\",\"Description\":\"api may call web\"}")));
    wm.verify(
        putRequestedFor(urlPathEqualTo("/v1/connect/intentions/exact"))
            .withQueryParam("source", equalTo("*"))
            .withRequestBody(equalToJson("{\"SourceType\":\"consul\",\"Action\":\"deny\"}")));
    wm.verify(
        deleteRequestedFor(urlPathEqualTo("/v1/connect/intentions/exact"))
            .withQueryParam("source", equalTo("api"))
            .withQueryParam("destination", equalTo("web")));
  }

  @Test
  void agentRegistrationDeregistrationAndTtlChecks() {
    wm.stubFor(put(urlPathEqualTo("/v1/agent/service/register")).willReturn(aResponse()));
    wm.stubFor(put(urlPathEqualTo("/v1/agent/service/deregister/web-1")).willReturn(aResponse()));
    wm.stubFor(put(urlPathEqualTo("/v1/agent/check/pass/service:web-1")).willReturn(aResponse()));
    wm.stubFor(put(urlPathEqualTo("/v1/agent/check/fail/service:web-1")).willReturn(aResponse()));

    client
        .agent()
        .register(
            new ServiceRegistration(
                "web-1",
                "web",
                List.of("v1"),
                "127.0.0.1",
                21000,
                Map.of(),
                null,
                new ConnectSettings(true),
                CheckDefinition.ttl("web ttl", "10s"),
                null,
                Weights.DEFAULT));
    client.agent().ttlCheck("service:web-1", "pass", "all good");
    client.agent().ttlCheck("service:web-1", "fail", null);
    client.agent().deregister("web-1");

    wm.verify(
        putRequestedFor(urlPathEqualTo("/v1/agent/service/register"))
            .withRequestBody(
                equalToJson(
                    """
        {"ID":"web-1","Name":"web","Tags":["v1"],"Address":"127.0.0.1","Port":21000,"Meta":{},
         "Connect":{"Native":true},"Check":{"Name":"web ttl","TTL":"10s"},"Weights":{"Passing":1,"Warning":1}}
        """,
                    true,
                    true)));
    wm.verify(
        putRequestedFor(urlPathEqualTo("/v1/agent/check/pass/service:web-1"))
            .withQueryParam("note", equalTo("all good")));
    wm.verify(
        putRequestedFor(urlPathEqualTo("/v1/agent/check/fail/service:web-1"))
            .withQueryParam("note", absent()));
    wm.verify(putRequestedFor(urlPathEqualTo("/v1/agent/service/deregister/web-1")));
  }

  @Test
  void registrationRefusedByTheAgentThrowsWithItsReason() {
    wm.stubFor(
        put(urlPathEqualTo("/v1/agent/service/register"))
            .willReturn(aResponse().withStatus(400).withBody("Missing service name")));

    ConsulApiException e =
        assertThrows(
            ConsulApiException.class,
            () ->
                client
                    .agent()
                    .register(
                        new ServiceRegistration(
                            null, null, null, null, null, null, null, null, null, null, null)));
    assertEquals(
        "PUT /v1/agent/service/register: Unexpected response code: 400 (Missing service name)",
        e.getMessage());
  }

  @Test
  void agentSelfReturnsTheConfig() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/self"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"Config\":{\"Datacenter\":\"dc7\",\"NodeName\":\"n1\",\"Server\":false},\"Member\":{}}")));

    AgentSelf self = client.agent().self();
    assertEquals("dc7", self.config().datacenter());
    assertEquals("n1", self.config().nodeName());
    assertFalse(self.config().server());
  }

  @Test
  void missingOrMalformedHeadersReadAsZeroAndAbsent() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/catalog/services"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "not-a-number")
                    .withHeader("X-Consul-ContentHash", "abc123")
                    .withBody("{}")));

    QueryMeta m = ConsulClient.join(client.catalog().services(QueryOptions.NONE)).meta();
    assertEquals(new QueryMeta(0, false, 0, null, "abc123"), m);
  }

  @Test
  void hashBlockingSendsHashAndWait() {
    wm.stubFor(get(urlPathEqualTo("/v1/catalog/services")).willReturn(aResponse().withBody("{}")));

    ConsulClient.join(
        client.catalog().services(QueryOptions.NONE.hashBlocking("h1", Duration.ofMillis(1500))));

    wm.verify(
        getRequestedFor(urlPathEqualTo("/v1/catalog/services"))
            .withQueryParam("hash", equalTo("h1"))
            .withQueryParam("wait", equalTo("1500ms"))
            .withQueryParam("index", absent()));
  }

  @Test
  void builderRejectsBadAddressesAndTimeoutsNamingTheValue() {
    InvalidConfigurationException bad =
        assertThrows(
            InvalidConfigurationException.class,
            () -> ConsulClient.builder().address("http://[::1"));
    assertTrue(bad.getMessage().contains("'http://[::1'"), bad.getMessage());

    InvalidConfigurationException zero =
        assertThrows(
            InvalidConfigurationException.class,
            () -> ConsulClient.builder().requestTimeout(Duration.ZERO));
    assertTrue(zero.getMessage().contains("PT0S"), zero.getMessage());
  }

  @Test
  void builderReadsConsulHttpAddrAndToken() {
    try (ConsulClient c =
        ConsulClient.builder()
            .fromEnvironment(
                Map.of(
                    "CONSUL_HTTP_ADDR",
                    " https://consul.example:8501 ",
                    "CONSUL_HTTP_TOKEN",
                    " secret "))
            .build()) {
      assertEquals("https://consul.example:8501/", c.address().toString());
    }
    try (ConsulClient c =
        ConsulClient.builder().fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "  ")).build()) {
      assertEquals(
          "http://127.0.0.1:8500/", c.address().toString(), "a blank variable keeps the default");
    }
  }

  @Test
  void tokenFromEnvironmentTravelsInTheHeader() {
    wm.stubFor(get(urlPathEqualTo("/v1/agent/self")).willReturn(aResponse().withBody("{}")));
    try (ConsulClient c =
        ConsulClient.builder()
            .fromEnvironment(
                Map.of(
                    "CONSUL_HTTP_ADDR", "127.0.0.1:" + wm.port(), "CONSUL_HTTP_TOKEN", "env-token"))
            .build()) {
      c.agent().self();
    }
    wm.verify(
        getRequestedFor(urlPathEqualTo("/v1/agent/self"))
            .withHeader("X-Consul-Token", equalTo("env-token")));
  }

  @Test
  void aSharedHttpClientIsUsedAndNotClosed() {
    wm.stubFor(
        get(urlPathEqualTo("/v1/agent/self")).willReturn(aResponse().withBody("{\"Config\":{}}")));
    OkHttpClient shared = new OkHttpClient();
    try {
      ConsulClient c =
          ConsulClient.builder().address("127.0.0.1:" + wm.port()).httpClient(shared).build();
      c.agent().self();
      c.close();
      assertFalse(
          shared.dispatcher().executorService().isShutdown(),
          "closing the client shut down a shared OkHttp client");
    } finally {
      shared.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void joinRethrowsTheCauseUnwrapped() {
    ConsulApiException cause = new ConsulApiException("GET", "/v1/x", 500, "boom");
    ConsulApiException thrown =
        assertThrows(
            ConsulApiException.class,
            () -> ConsulClient.join(CompletableFuture.failedFuture(cause)));
    assertSame(cause, thrown);

    Exception checked = new Exception("checked");
    CompletionException wrapped =
        assertThrows(
            CompletionException.class,
            () -> ConsulClient.join(CompletableFuture.failedFuture(checked)));
    assertSame(checked, wrapped.getCause());
  }

  @Test
  void writeOfAnUnencodableBodyNamesTheRequest() {
    Object unencodable =
        new Object() {
          @SuppressWarnings("unused")
          public Object getSelf() {
            throw new IllegalStateException("no");
          }
        };
    ConsulTransportException e =
        assertThrows(
            ConsulTransportException.class,
            () -> client.write("PUT", "/v1/kv/x", Map.of(), unencodable, null));
    assertEquals("cannot encode PUT /v1/kv/x body", e.getMessage());
    assertInstanceOf(JsonProcessingException.class, e.getCause());
  }
}
