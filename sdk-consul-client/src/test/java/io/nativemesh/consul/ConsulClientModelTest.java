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
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.nativemesh.core.model.AgentSelf;
import io.nativemesh.core.model.AgentService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's typed reads and writes (no Jackson type in its API) against WireMock. */
class ConsulClientModelTest {
  private WireMockServer agent;
  private ConsulClient client;

  @BeforeEach
  void setUp() {
    agent =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    agent.start();
    client =
        ConsulClient.builder()
            .address("127.0.0.1:" + agent.port())
            .token("secret")
            .requestTimeout(Duration.ofSeconds(2))
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    agent.stop();
  }

  @Test
  void selfDecodesTheConfigAndIgnoresTheRest() {
    agent.stubFor(
        get(urlEqualTo("/v1/agent/self"))
            .withHeader("X-Consul-Token", equalTo("secret"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"Config\":{\"Datacenter\":\"dc2\",\"PrimaryDatacenter\":\"dc1\",\"NodeName\":\"node-a\","
                            + "\"NodeID\":\"0d0c6b9e-0000-4000-8000-000000000001\",\"Server\":false,\"Version\":\"1.21.4\",\"Revision\":\"x\"},"
                            + "\"Member\":{\"Name\":\"node-a\"},\"Meta\":{}}")));
    AgentSelf self = client.agent().self();
    assertEquals(
        new AgentSelf.Config(
            "dc2", "dc1", "node-a", "0d0c6b9e-0000-4000-8000-000000000001", false, "1.21.4"),
        self.config());
  }

  @Test
  void getAsyncDecodesIntoAClassWithTheResponseMetadata() {
    agent.stubFor(
        get(urlPathEqualTo("/v1/agent/service/web-1"))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", "42")
                    .withHeader("X-Consul-ContentHash", "abc")
                    .withBody("{\"ID\":\"web-1\",\"Service\":\"web\",\"Port\":8443}")));
    QueryResult<AgentService> r =
        ConsulClient.join(
            client.getAsync(
                "/v1/agent/service/web-1", AgentService.class, QueryOptions.NONE, false));
    assertEquals("web-1", r.value().id());
    assertEquals(8443, r.value().port());
    assertEquals(42, r.meta().index());
    assertEquals("abc", r.meta().contentHash());
  }

  @Test
  void getAsyncMapsA404ToNullWhenAsked() {
    agent.stubFor(
        get(urlPathEqualTo("/v1/agent/service/gone"))
            .willReturn(aResponse().withStatus(404).withBody("unknown service")));
    assertNull(
        ConsulClient.join(
                client.getAsync(
                    "/v1/agent/service/gone", AgentService.class, QueryOptions.NONE, true))
            .value());
    ConsulApiException e =
        assertThrows(
            ConsulApiException.class,
            () ->
                ConsulClient.join(
                    client.getAsync(
                        "/v1/agent/service/gone", AgentService.class, QueryOptions.NONE, false)));
    assertEquals(404, e.statusCode());
    assertEquals("unknown service", e.body());
  }

  @Test
  void writeEncodesTheBodyAndDecodesTheAnswerIntoAClass() {
    agent.stubFor(put(urlPathEqualTo("/v1/kv/app/flag")).willReturn(aResponse().withBody("true")));
    Boolean stored =
        client.write(
            "PUT", "/v1/kv/app/flag", Map.of("cas", "0"), Map.of("On", true), Boolean.class);
    assertEquals(Boolean.TRUE, stored);
    agent.verify(
        putRequestedFor(urlEqualTo("/v1/kv/app/flag?cas=0"))
            .withRequestBody(equalToJson("{\"On\":true}")));
    assertNull(
        client.write("PUT", "/v1/kv/app/flag", Map.of(), null, null),
        "no type: the body is ignored");
  }

  @Test
  void anErrorStatusIsAConsulApiExceptionWithTheReason() {
    agent.stubFor(
        put(urlPathEqualTo("/v1/agent/service/register"))
            .willReturn(aResponse().withStatus(403).withBody("Permission denied\n")));
    ConsulApiException e =
        assertThrows(
            ConsulApiException.class,
            () ->
                client.write(
                    "PUT", "/v1/agent/service/register", Map.of(), Map.of("Name", "web"), null));
    assertEquals(403, e.statusCode());
    assertEquals(
        "PUT /v1/agent/service/register: Unexpected response code: 403 (Permission denied)",
        e.getMessage());
  }
}
