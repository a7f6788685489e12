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

/** {@code /v1/txn} with node, service and check operations beside KV (Consul API: txn.mdx). */
class TxnCatalogTest {
  @Test
  void mixedTransactionAppliesAtomicallyAndReturnsConsulShapes() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> r =
          s.put(
              "/v1/txn",
              "[{\"Node\":{\"Verb\":\"set\",\"Node\":{\"Node\":\"ext\",\"Address\":\"10.1.2.3\"}}},"
                  + "{\"Service\":{\"Verb\":\"set\",\"Node\":\"ext\",\"Service\":"
                  + "{\"ID\":\"db-1\",\"Service\":\"db\",\"Port\":5432,\"Tags\":[\"primary\"]}}},"
                  + "{\"Check\":{\"Verb\":\"set\",\"Check\":{\"Node\":\"ext\",\"CheckID\":\"db-alive\","
                  + "\"Name\":\"alive\",\"Status\":\"passing\",\"ServiceID\":\"db-1\"}}},"
                  + "{\"KV\":{\"Verb\":\"set\",\"Key\":\"db/leader\",\"Value\":\"ZXh0\"}}]");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode results = TestServer.json(r).get("Results");
      assertEquals(4, results.size());
      assertEquals("10.1.2.3", results.get(0).get("Node").get("Address").asText());
      assertEquals("db", results.get(1).get("Service").get("Service").asText());
      assertEquals("passing", results.get(2).get("Check").get("Status").asText());
      assertEquals("db/leader", results.get(3).get("KV").get("Key").asText());
      JsonNode health = TestServer.json(s.get("/v1/health/service/db?passing"));
      assertEquals(1, health.size());
      assertEquals("ext", health.get(0).get("Node").get("Node").asText());
      long modify = results.get(1).get("Service").get("ModifyIndex").asLong();

      // a stale CAS rolls back every operation, KV included, and names the failing one
      HttpResponse<String> stale =
          s.put(
              "/v1/txn",
              "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"db/leader\",\"Value\":\"bm9wZQ==\"}},"
                  + "{\"Service\":{\"Verb\":\"cas\",\"Node\":\"ext\",\"Service\":{\"ID\":\"db-1\","
                  + "\"Service\":\"db\",\"ModifyIndex\":"
                  + (modify + 50)
                  + "}}}]");
      assertEquals(409, stale.statusCode(), stale.body());
      JsonNode errors = TestServer.json(stale).get("Errors");
      assertEquals(1, errors.get(0).get("OpIndex").asInt());
      assertTrue(errors.get(0).get("What").asText().contains("index is stale"));
      assertEquals("ZXh0", TestServer.json(s.get("/v1/kv/db/leader")).get(0).get("Value").asText());

      // get of a missing service, delete of node
      HttpResponse<String> missing =
          s.put(
              "/v1/txn",
              "[{\"Service\":{\"Verb\":\"get\",\"Node\":\"ext\",\"Service\":{\"ID\":\"nope\"}}}]");
      assertEquals(409, missing.statusCode());
      assertTrue(missing.body().contains("doesn't exist"), missing.body());
      assertEquals(
          200,
          s.put("/v1/txn", "[{\"Node\":{\"Verb\":\"delete\",\"Node\":{\"Node\":\"ext\"}}}]")
              .statusCode());
      assertEquals(0, TestServer.json(s.get("/v1/health/service/db")).size());
      assertEquals(
          400,
          s.put("/v1/txn", "[{\"Node\":{\"Verb\":\"explode\",\"Node\":{\"Node\":\"x\"}}}]")
              .statusCode());
    }
  }
}
