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
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config entries of every kind through the HTTP API (Consul API: {@code /v1/config}): store and
 * serve, CAS, blocking reads, delete, and service-defaults {@code Protocol} governing L7
 * intentions.
 */
class ConfigEntryKindsTest {
  private static final String[] ENTRIES = {
    "{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\"}",
    "{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"protocol\":\"tcp\"}}",
    "{\"Kind\":\"service-resolver\",\"Name\":\"web\",\"ConnectTimeout\":\"5s\","
        + "\"Subsets\":{\"v1\":{\"Filter\":\"Service.Meta.version == v1\"}}}",
    "{\"Kind\":\"service-router\",\"Name\":\"web\",\"Routes\":[{\"Match\":{\"HTTP\":"
        + "{\"PathPrefix\":\"/admin\"}},\"Destination\":{\"Service\":\"admin\"}}]}",
    "{\"Kind\":\"service-splitter\",\"Name\":\"web\",\"Splits\":[{\"Weight\":90,"
        + "\"ServiceSubset\":\"v1\"},{\"Weight\":10}]}",
    "{\"Kind\":\"mesh\",\"Name\":\"mesh\",\"TransparentProxy\":{\"MeshDestinationsOnly\":true}}",
    "{\"Kind\":\"exported-services\",\"Name\":\"default\",\"Services\":[]}",
    "{\"Kind\":\"ingress-gateway\",\"Name\":\"ing\",\"Listeners\":[]}",
    "{\"Kind\":\"terminating-gateway\",\"Name\":\"term\",\"Services\":[]}",
    "{\"Kind\":\"api-gateway\",\"Name\":\"api\",\"Listeners\":[]}"
  };

  @Test
  void everyKindIsStoredServedListedAndDeleted(@TempDir Path dir) {
    try (TestServer s = new TestServer(ServerConfig.builder().dev(true).dataDir(dir))) {
      for (String e : ENTRIES) {
        HttpResponse<String> r = s.put("/v1/config", e);
        assertEquals(200, r.statusCode(), e + " → " + r.body());
        assertEquals("true", r.body());
      }
    }
    try (TestServer s = new TestServer(ServerConfig.builder().dev(true).dataDir(dir))) {
      JsonNode resolver = TestServer.json(s.get("/v1/config/service-resolver/web"));
      assertEquals("service-resolver", resolver.get("Kind").asText());
      assertEquals("5s", resolver.get("ConnectTimeout").asText());
      assertEquals(
          "Service.Meta.version == v1", resolver.get("Subsets").get("v1").get("Filter").asText());
      assertTrue(resolver.get("ModifyIndex").asLong() > 0);
      assertEquals(1, TestServer.json(s.get("/v1/config/api-gateway")).size());
      assertEquals(0, TestServer.json(s.get("/v1/config/sameness-group")).size());
      HttpResponse<String> missing = s.get("/v1/config/service-defaults/nope");
      assertEquals(404, missing.statusCode());
      assertEquals("Config entry not found for \"service-defaults\" / \"nope\"", missing.body());
      assertEquals(200, s.delete("/v1/config/service-router/web").statusCode());
      assertEquals(404, s.get("/v1/config/service-router/web").statusCode());
    }
  }

  @Test
  void casAndBlockingReads() throws Exception {
    try (TestServer s = TestServer.dev()) {
      String e = "{\"Kind\":\"service-defaults\",\"Name\":\"api\",\"Protocol\":\"grpc\"}";
      assertEquals("true", s.put("/v1/config?cas=0", e).body());
      assertEquals("false", s.put("/v1/config?cas=0", e).body());
      HttpResponse<String> read = s.get("/v1/config/service-defaults/api");
      long index = TestServer.index(read);
      long modify = TestServer.json(read).get("ModifyIndex").asLong();
      assertEquals("false", s.put("/v1/config?cas=" + (modify + 100), e).body());
      CompletableFuture<HttpResponse<String>> blocked =
          CompletableFuture.supplyAsync(
              () -> s.get("/v1/config/service-defaults/api?index=" + index + "&wait=10s"));
      Thread.sleep(200);
      assertTrue(!blocked.isDone(), "the read blocks until the entry changes");
      assertEquals(
          "true",
          s.put(
                  "/v1/config?cas=" + modify,
                  "{\"kind\":\"service-defaults\",\"name\":\"api\",\"Protocol\":\"http2\"}")
              .body());
      HttpResponse<String> woke = blocked.get();
      assertEquals("http2", TestServer.json(woke).get("Protocol").asText());
      assertTrue(TestServer.index(woke) > index);
      assertEquals("false", s.delete("/v1/config/service-defaults/api?cas=1").body());
      assertEquals(
          "true", s.delete("/v1/config/service-defaults/api?cas=" + TestServer.index(woke)).body());
    }
  }

  @Test
  void serviceDefaultsProtocolGovernsL7Intentions() {
    try (TestServer s = TestServer.dev()) {
      String l7 =
          "{\"Kind\":\"service-intentions\",\"Name\":\"api\",\"Sources\":[{\"Name\":\"web\","
              + "\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"/v1\"}}]}]}";
      HttpResponse<String> tcp = s.put("/v1/config", l7);
      assertEquals(400, tcp.statusCode());
      assertTrue(tcp.body().contains("HTTP-based protocol"), tcp.body());
      assertEquals(
          "true",
          s.put(
                  "/v1/config",
                  "{\"Kind\":\"service-defaults\",\"Name\":\"api\",\"Protocol\":\"http\"}")
              .body());
      assertEquals(200, s.put("/v1/config", l7).statusCode());
      HttpResponse<String> back =
          s.put(
              "/v1/config",
              "{\"Kind\":\"service-defaults\",\"Name\":\"api\",\"Protocol\":\"tcp\"}");
      assertEquals(400, back.statusCode());
      assertTrue(back.body().contains("L7 intention web → api"), back.body());
      assertEquals(400, s.delete("/v1/config/service-defaults/api").statusCode());
      // proxy-defaults can make every service HTTP
      assertEquals(
          "true",
          s.put(
                  "/v1/config",
                  "{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"protocol\":\"http\"}}")
              .body());
      assertEquals(
          200,
          s.put(
                  "/v1/connect/intentions/exact?source=web&destination=db",
                  "{\"Permissions\":[{\"Action\":\"deny\",\"HTTP\":{\"PathExact\":\"/x\"}}]}")
              .statusCode());
    }
  }
}
