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
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Prepared queries through the HTTP API (Consul API: {@code /v1/query}). */
class PreparedQueryTest {
  private static void register(TestServer s, String id, String tags, String check) {
    HttpResponse<String> r =
        s.put(
            "/v1/agent/service/register",
            "{\"ID\":\""
                + id
                + "\",\"Name\":\"redis\",\"Port\":6379,\"Tags\":"
                + tags
                + ",\"Check\":{\"TTL\":\"60s\",\"Status\":\""
                + check
                + "\"}}");
    assertEquals(200, r.statusCode(), r.body());
  }

  private static Set<String> ids(JsonNode result) {
    Set<String> out = new HashSet<>();
    for (JsonNode n : result.get("Nodes")) {
      out.add(n.get("Service").get("ID").asText());
    }
    return out;
  }

  @Test
  void crudAndExecuteByIdAndName() {
    try (TestServer s = TestServer.dev()) {
      register(s, "r1", "[\"primary\",\"v1\"]", "passing");
      register(s, "r2", "[\"replica\",\"v1\"]", "warning");
      register(s, "r3", "[\"replica\"]", "critical");
      HttpResponse<String> created =
          s.post(
              "/v1/query",
              "{\"Name\":\"cache\",\"Service\":{\"Service\":\"redis\",\"Tags\":[\"v1\"],"
                  + "\"Near\":\"_agent\",\"Failover\":{\"NearestN\":2}},\"DNS\":{\"TTL\":\"10s\"}}");
      assertEquals(200, created.statusCode(), created.body());
      String id = TestServer.json(created).get("ID").asText();
      JsonNode read = TestServer.json(s.get("/v1/query/" + id));
      assertEquals(1, read.size());
      assertEquals("cache", read.get(0).get("Name").asText());
      assertEquals("redis", read.get(0).get("Service").get("Service").asText());
      assertEquals(2, read.get(0).get("Service").get("Failover").get("NearestN").asInt());
      JsonNode run = TestServer.json(s.get("/v1/query/" + id + "/execute"));
      assertEquals("redis", run.get("Service").asText());
      assertEquals("10s", run.get("DNS").get("TTL").asText());
      assertEquals(0, run.get("Failovers").asInt());
      assertEquals(Set.of("r1", "r2"), ids(run), "critical dropped, warning kept");
      assertEquals(Set.of("r1", "r2"), ids(TestServer.json(s.get("/v1/query/cache/execute"))));
      assertEquals(
          1, TestServer.json(s.get("/v1/query/cache/execute?limit=1")).get("Nodes").size());
      // only passing, and a negated tag
      assertEquals(
          200,
          s.put(
                  "/v1/query/" + id,
                  "{\"Name\":\"cache\",\"Service\":{\"Service\":\"redis\",\"OnlyPassing\":true,"
                      + "\"Tags\":[\"!replica\"]}}")
              .statusCode());
      assertEquals(Set.of("r1"), ids(TestServer.json(s.get("/v1/query/cache/execute"))));
      assertEquals(1, TestServer.json(s.get("/v1/query")).size());
      assertEquals(200, s.delete("/v1/query/" + id).statusCode());
      assertEquals(404, s.get("/v1/query/" + id + "/execute").statusCode());
      assertEquals(0, TestServer.json(s.get("/v1/query")).size());
    }
  }

  @Test
  void templatesAndValidation() {
    try (TestServer s = TestServer.dev()) {
      register(s, "r1", "[\"v1\"]", "passing");
      assertEquals(
          200,
          s.post(
                  "/v1/query",
                  "{\"Name\":\"geo-\",\"Template\":{\"Type\":\"name_prefix_match\","
                      + "\"Regexp\":\"^geo-(.+)$\"},\"Service\":{\"Service\":\"${match(1)}\"}}")
              .statusCode());
      JsonNode run = TestServer.json(s.get("/v1/query/geo-redis/execute"));
      assertEquals("redis", run.get("Service").asText());
      assertEquals(Set.of("r1"), ids(run));
      assertEquals(
          "redis",
          TestServer.json(s.get("/v1/query/geo-redis/explain"))
              .get("Query")
              .get("Service")
              .get("Service")
              .asText());
      HttpResponse<String> noService = s.post("/v1/query", "{\"Name\":\"x\",\"Service\":{}}");
      assertEquals(400, noService.statusCode());
      assertTrue(noService.body().contains("Must provide a Service name"), noService.body());
      assertEquals(
          400,
          s.post("/v1/query", "{\"Name\":\"geo-\",\"Service\":{\"Service\":\"a\"}}").statusCode());
      assertEquals(
          400,
          s.post(
                  "/v1/query",
                  "{\"Session\":\"8a1b0f63-6c7e-4a5d-9b6c-1f2e3d4c5b6a\",\"Service\":{\"Service\":\"a\"}}")
              .statusCode());
      assertEquals(404, s.get("/v1/query/nothing/execute").statusCode());
    }
  }
}
