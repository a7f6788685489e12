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
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.nativemesh.core.NativeMeshVersion;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every call names the SDK and its version in User-Agent, reads and writes alike. */
class ConsulClientUserAgentTest {
  private WireMockServer wm;
  private ConsulClient client;

  @BeforeEach
  void setUp() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    wm.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse().withStatus(200).withHeader("X-Consul-Index", "7").withBody("{}")));
    client = ConsulClient.builder().address("127.0.0.1:" + wm.port()).token("secret").build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    wm.stop();
  }

  @Test
  void sendsNativemeshJavaAndTheProjectVersion() {
    client.agent().self();
    client.write("PUT", "/v1/agent/service/deregister/web-1", Map.of(), null, null);
    List<LoggedRequest> requests = wm.findAll(anyRequestedFor(anyUrl()));
    assertEquals(2, requests.size(), "requests seen: " + requests);
    String expected = "nativemesh-java/" + NativeMeshVersion.current().version();
    assertEquals(
        List.of(expected, expected),
        requests.stream().map(r -> r.getHeader("User-Agent")).collect(Collectors.toList()));
    assertEquals(
        List.of("secret", "secret"),
        requests.stream().map(r -> r.getHeader("X-Consul-Token")).collect(Collectors.toList()));
  }
}
