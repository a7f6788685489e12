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
package io.nativemesh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Connect sidecar registration (Consul: {@code Connect.SidecarService}, {@code connect-proxy}). */
class SidecarRegistrationTest {
  @Test
  void sidecarServiceCreatesAProxyRemovedWithItsParent() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> r =
          s.put(
              "/v1/agent/service/register",
              "{\"Name\":\"web\",\"ID\":\"web-1\",\"Port\":8080,\"Tags\":[\"a\"],"
                  + "\"Connect\":{\"SidecarService\":{\"Proxy\":{\"Upstreams\":["
                  + "{\"DestinationName\":\"db\",\"LocalBindPort\":9191}]}}}}");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(
          200,
          s.put(
                  "/v1/agent/service/register",
                  "{\"Name\":\"api\",\"Port\":9090,\"connect\":{\"sidecarService\":{}}}")
              .statusCode());
      JsonNode services = TestServer.json(s.get("/v1/agent/services"));
      JsonNode proxy = services.get("web-1-sidecar-proxy");
      assertEquals("connect-proxy", proxy.get("Kind").asText());
      assertEquals("web-sidecar-proxy", proxy.get("Service").asText());
      assertEquals(21000, proxy.get("Port").asInt());
      assertEquals("a", proxy.get("Tags").get(0).asText());
      JsonNode p = proxy.get("Proxy");
      assertEquals("web", p.get("DestinationServiceName").asText());
      assertEquals("web-1", p.get("DestinationServiceID").asText());
      assertEquals(8080, p.get("LocalServicePort").asInt());
      assertEquals("db", p.get("Upstreams").get(0).get("DestinationName").asText());
      assertEquals(9191, p.get("Upstreams").get(0).get("LocalBindPort").asInt());
      assertEquals(21001, services.get("api-sidecar-proxy").get("Port").asInt());
      assertTrue(services.get("web-1").get("Proxy") == null, "a typical service has no Proxy");
      JsonNode catalog = TestServer.json(s.get("/v1/catalog/service/web-sidecar-proxy"));
      assertEquals("connect-proxy", catalog.get(0).get("ServiceKind").asText());
      assertEquals(
          "web", catalog.get(0).get("ServiceProxy").get("DestinationServiceName").asText());
      assertEquals(200, s.put("/v1/agent/service/deregister/web-1", "").statusCode());
      services = TestServer.json(s.get("/v1/agent/services"));
      assertTrue(!services.has("web-1-sidecar-proxy"), services.toString());
      assertTrue(services.has("api-sidecar-proxy"));
    }
  }

  @Test
  void aProxyRegisteredOnItsOwnNeedsItsDestination() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> bad =
          s.put(
              "/v1/agent/service/register",
              "{\"Name\":\"envoy\",\"Kind\":\"connect-proxy\",\"Port\":21500}");
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("DestinationServiceName"), bad.body());
      assertEquals(
          200,
          s.put(
                  "/v1/agent/service/register",
                  "{\"Name\":\"envoy\",\"Kind\":\"connect-proxy\",\"Port\":21500,"
                      + "\"Proxy\":{\"DestinationServiceName\":\"web\"}}")
              .statusCode());
      JsonNode h = TestServer.json(s.get("/v1/health/service/envoy"));
      assertEquals("connect-proxy", h.get(0).get("Service").get("Kind").asText());
      assertEquals(
          400,
          s.put("/v1/agent/service/register", "{\"Name\":\"gw\",\"Kind\":\"mesh-gateway\"}")
              .statusCode());
    }
  }
}
