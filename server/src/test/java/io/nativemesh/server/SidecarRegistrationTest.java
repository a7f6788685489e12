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
import java.net.InetAddress;
import java.net.ServerSocket;
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

  private static String status(TestServer s, String checkId) {
    JsonNode c = TestServer.json(s.get("/v1/agent/checks")).get(checkId);
    return c == null ? "absent" : c.get("Status").asText();
  }

  @Test
  void sidecarGetsConsulsDefaultChecksAndGoesWhenItsParentDropsIt() throws Exception {
    try (TestServer s = TestServer.dev();
        ServerSocket envoy = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      int port = envoy.getLocalPort();
      assertEquals(
          200,
          s.put(
                  "/v1/agent/service/register",
                  "{\"Name\":\"web\",\"Port\":8080,"
                      + "\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"},"
                      + "\"Connect\":{\"SidecarService\":{\"Port\":"
                      + port
                      + "}}}")
              .statusCode());
      JsonNode checks = TestServer.json(s.get("/v1/agent/checks"));
      JsonNode listening = checks.get("service:web-sidecar-proxy:1");
      assertEquals("Connect Sidecar Listening", listening.get("Name").asText());
      assertEquals("tcp", listening.get("Type").asText());
      assertEquals("web-sidecar-proxy", listening.get("ServiceID").asText());
      JsonNode aliasing = checks.get("service:web-sidecar-proxy:2");
      assertEquals("Connect Sidecar Aliasing web", aliasing.get("Name").asText());
      assertEquals("alias", aliasing.get("Type").asText());
      Await.until(() -> status(s, "service:web-sidecar-proxy:1").equals("passing"), "TCP passing");
      assertEquals(
          "TCP connect 127.0.0.1:" + port + ": Success",
          TestServer.json(s.get("/v1/agent/checks"))
              .get("service:web-sidecar-proxy:1")
              .get("Output")
              .asText());
      Await.until(
          () -> status(s, "service:web-sidecar-proxy:2").equals("passing"), "alias passing");
      assertEquals(200, s.put("/v1/agent/check/fail/service:web", "").statusCode());
      Await.until(
          () -> status(s, "service:web-sidecar-proxy:2").equals("critical"),
          "alias follows the parent");
      assertEquals(
          0,
          TestServer.json(s.get("/v1/health/connect/web?passing=1")).size(),
          "a sidecar whose parent is critical is not passing");

      // re-registered without SidecarService: the sidecar and its checks go
      assertEquals(
          200,
          s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":8080}").statusCode());
      assertTrue(!TestServer.json(s.get("/v1/agent/services")).has("web-sidecar-proxy"));
      assertEquals("absent", status(s, "service:web-sidecar-proxy:1"));
      assertEquals("absent", status(s, "service:web-sidecar-proxy:2"));
      assertEquals(0, TestServer.json(s.get("/v1/catalog/service/web-sidecar-proxy")).size());
    }
  }

  @Test
  void sidecarChecksGivenInTheRegistrationReplaceTheDefaults() {
    try (TestServer s = TestServer.dev()) {
      assertEquals(
          200,
          s.put(
                  "/v1/agent/service/register",
                  "{\"Name\":\"api\",\"Port\":9090,\"Connect\":{\"SidecarService\":"
                      + "{\"Checks\":[{\"Name\":\"own\",\"TTL\":\"10s\"}]}}}")
              .statusCode());
      JsonNode checks = TestServer.json(s.get("/v1/agent/checks"));
      assertEquals("own", checks.get("service:api-sidecar-proxy").get("Name").asText());
      assertTrue(!checks.has("service:api-sidecar-proxy:1"), checks.toString());
    }
  }
}
