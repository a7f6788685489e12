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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Catalog, health and agent endpoints over a multi-node catalog (docs/consul-api.md, "Health",
 * "Catalog", "Agent services and checks").
 */
class CatalogHealthAgentTest {
  static TestServer s;

  @BeforeAll
  static void start() {
    s = TestServer.dev();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static String q(String filter) {
    return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void catalogRegisterDeregisterAcrossNodes() {
    HttpResponse<String> r =
        s.put(
            "/v1/catalog/register",
            """
        {"Node":"n1","Address":"10.0.0.1","NodeMeta":{"rack":"a"},
         "Service":{"Service":"db","Tags":["primary","v1"],"Port":5432,"Meta":{"env":"prod"}},
         "Check":{"Name":"db alive","ServiceID":"db","Status":"passing"}}""");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("true", r.body());
    s.put(
        "/v1/catalog/register",
        """
        {"Node":"n2","Address":"10.0.0.2","Service":{"ID":"db-2","Service":"db","Tags":["replica"],"Port":5433},
         "Checks":[{"CheckID":"db-2-ping","Name":"ping","ServiceID":"db-2","Status":"critical"},
                   {"CheckID":"n2-disk","Name":"disk","Status":"warning"}]}""");

    assertEquals("[\"dc1\"]", s.get("/v1/catalog/datacenters").body());
    JsonNode nodes = TestServer.json(s.get("/v1/catalog/nodes"));
    assertEquals(3, nodes.size(), nodes.toString());
    assertEquals("n1", nodes.get(0).get("Node").asText());
    assertEquals("a", nodes.get(0).get("Meta").get("rack").asText());

    JsonNode rows = TestServer.json(s.get("/v1/catalog/service/db"));
    assertEquals(2, rows.size());
    JsonNode row = rows.get(0);
    assertEquals("n1", row.get("Node").asText());
    assertEquals("10.0.0.1", row.get("Address").asText());
    assertEquals("db", row.get("ServiceID").asText());
    assertEquals("db", row.get("ServiceName").asText());
    assertEquals(5432, row.get("ServicePort").asInt());
    assertEquals("prod", row.get("ServiceMeta").get("env").asText());
    assertEquals("a", row.get("NodeMeta").get("rack").asText());
    assertTrue(
        row.has("ServiceWeights") && row.has("ServiceEnableTagOverride") && row.has("CreateIndex"));
    assertEquals(1, TestServer.json(s.get("/v1/catalog/service/db?tag=primary&tag=v1")).size());
    assertEquals(
        0, TestServer.json(s.get("/v1/catalog/service/db?tag=primary&tag=replica")).size());
    assertEquals(0, TestServer.json(s.get("/v1/catalog/connect/db")).size());
    assertEquals(
        1,
        TestServer.json(s.get("/v1/catalog/service/db?filter=" + q("ServiceTags contains replica")))
            .size());

    JsonNode node = TestServer.json(s.get("/v1/catalog/node/n2"));
    assertEquals("10.0.0.2", node.get("Node").get("Address").asText());
    assertTrue(node.get("Services").has("db-2"));
    assertEquals("null", s.get("/v1/catalog/node/nope").body());
    assertTrue(TestServer.json(s.get("/v1/catalog/services")).has("db"));

    JsonNode health = TestServer.json(s.get("/v1/health/service/db"));
    assertEquals(2, health.size());
    assertEquals(1, TestServer.json(s.get("/v1/health/service/db?passing=1")).size());
    assertEquals(
        "n2",
        TestServer.json(s.get("/v1/health/service/db?filter=" + q("Checks.Status == critical")))
            .get(0)
            .get("Node")
            .get("Node")
            .asText());
    assertEquals(2, TestServer.json(s.get("/v1/health/checks/db")).size());
    JsonNode n2 = TestServer.json(s.get("/v1/health/node/n2"));
    assertEquals(2, n2.size());
    JsonNode crit = TestServer.json(s.get("/v1/health/state/critical"));
    assertTrue(crit.toString().contains("db-2-ping"), crit.toString());
    assertFalse(crit.toString().contains("n2-disk"));
    assertTrue(TestServer.json(s.get("/v1/health/state/any")).size() >= 4);

    // deregister a check, a service, then the node
    assertEquals(
        "true",
        s.put("/v1/catalog/deregister", "{\"Node\":\"n2\",\"CheckID\":\"n2-disk\"}").body());
    assertEquals(1, TestServer.json(s.get("/v1/health/node/n2")).size());
    s.put("/v1/catalog/deregister", "{\"Node\":\"n2\",\"ServiceID\":\"db-2\"}");
    assertEquals(1, TestServer.json(s.get("/v1/catalog/service/db")).size());
    s.put("/v1/catalog/deregister", "{\"Node\":\"n1\"}");
    assertEquals(0, TestServer.json(s.get("/v1/catalog/service/db")).size());
    assertEquals(2, TestServer.json(s.get("/v1/catalog/nodes")).size());
    s.put("/v1/catalog/deregister", "{\"Node\":\"n2\"}");

    // a check for a service the node lacks is a 400; a foreign datacenter is Consul's 500
    assertEquals(
        400,
        s.put(
                "/v1/catalog/register",
                "{\"Node\":\"n3\",\"Address\":\"x\",\"Check\":{\"Name\":\"c\",\"ServiceID\":\"zz\"}}")
            .statusCode());
    HttpResponse<String> dc = s.get("/v1/catalog/nodes?dc=other");
    assertEquals(500, dc.statusCode());
    assertEquals("No path to datacenter", dc.body());
  }

  @Test
  void agentChecksMaintenanceAndLocalHealth() {
    s.put(
        "/v1/agent/service/register",
        "{\"Name\":\"api\",\"ID\":\"api-1\",\"Port\":8080,\"Tags\":[\"blue\"],"
            + "\"Check\":{\"TTL\":\"60s\",\"Status\":\"passing\"}}");
    HttpResponse<String> reg =
        s.put(
            "/v1/agent/check/register",
            "{\"Name\":\"mem\",\"ID\":\"api-mem\",\"ServiceID\":\"api-1\",\"TTL\":\"60s\",\"Status\":\"passing\"}");
    assertEquals(200, reg.statusCode(), reg.body());
    JsonNode checks = TestServer.json(s.get("/v1/agent/checks"));
    assertEquals("api-1", checks.get("api-mem").get("ServiceID").asText());
    assertEquals("api", checks.get("api-mem").get("ServiceName").asText());

    assertEquals(200, s.get("/v1/agent/health/service/id/api-1").statusCode());
    assertEquals("passing", s.get("/v1/agent/health/service/id/api-1?format=text").body());
    assertEquals(
        200,
        s.put("/v1/agent/check/update/api-mem", "{\"Status\":\"warning\",\"Output\":\"high\"}")
            .statusCode());
    HttpResponse<String> warn = s.get("/v1/agent/health/service/name/api");
    assertEquals(429, warn.statusCode());
    assertEquals("warning", TestServer.json(warn).get(0).get("AggregatedStatus").asText());
    assertEquals(
        "high", TestServer.json(s.get("/v1/agent/checks")).get("api-mem").get("Output").asText());
    s.put("/v1/agent/check/fail/api-mem", "");
    assertEquals(503, s.get("/v1/agent/health/service/id/api-1?format=text").statusCode());
    assertEquals(200, s.put("/v1/agent/check/deregister/api-mem", "").statusCode());
    assertEquals(404, s.put("/v1/agent/check/deregister/api-mem", "").statusCode());
    assertEquals(200, s.get("/v1/agent/health/service/id/api-1").statusCode());

    assertEquals(
        200,
        s.put("/v1/agent/service/maintenance/api-1?enable=true&reason=upgrading", "").statusCode());
    HttpResponse<String> m = s.get("/v1/agent/health/service/id/api-1?format=text");
    assertEquals(503, m.statusCode());
    assertEquals("maintenance", m.body());
    assertTrue(
        TestServer.json(s.get("/v1/agent/checks"))
            .get("_service_maintenance:api-1")
            .get("Notes")
            .asText()
            .contains("upgrading"));
    s.put("/v1/agent/service/maintenance/api-1?enable=false", "");
    assertEquals(200, s.get("/v1/agent/health/service/id/api-1").statusCode());
    s.put("/v1/agent/maintenance?enable=true", "");
    assertEquals(0, TestServer.json(s.get("/v1/health/service/api?passing")).size());
    s.put("/v1/agent/maintenance?enable=false", "");
    assertEquals(1, TestServer.json(s.get("/v1/health/service/api?passing")).size());

    assertEquals(404, s.get("/v1/agent/health/service/id/none").statusCode());
    assertEquals("ServiceName none Not Found", s.get("/v1/agent/health/service/name/none").body());
    assertEquals(404, s.put("/v1/agent/service/maintenance/none?enable=true", "").statusCode());
    assertEquals(1, TestServer.json(s.get("/v1/agent/members")).size());
    assertEquals(
        1,
        TestServer.json(s.get("/v1/agent/services?filter=" + q("blue in Tags and Port == 8080")))
            .size());
    assertEquals(
        0,
        TestServer.json(
                s.get("/v1/agent/services?filter=" + q("Service == api and not (blue in Tags)")))
            .size());
    s.put("/v1/agent/service/deregister/api-1", "");
  }

  @Test
  void agentServiceHashBlocking() throws Exception {
    s.put("/v1/agent/service/register", "{\"Name\":\"hb\",\"Port\":1}");
    HttpResponse<String> r = s.get("/v1/agent/service/hb");
    assertEquals(200, r.statusCode(), r.body());
    String hash = r.headers().firstValue("X-Consul-ContentHash").orElseThrow();
    assertEquals(hash, TestServer.json(r).get("ContentHash").asText());
    long t0 = System.nanoTime();
    HttpResponse<String> same = s.get("/v1/agent/service/hb?hash=" + hash + "&wait=300ms");
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(280), "blocked until wait");
    assertEquals(hash, same.headers().firstValue("X-Consul-ContentHash").orElseThrow());
    CompletableFuture<HttpResponse<String>> parked =
        CompletableFuture.supplyAsync(
            () -> s.get("/v1/agent/service/hb?hash=" + hash + "&wait=10s"));
    Thread.sleep(200);
    assertFalse(parked.isDone());
    s.put("/v1/agent/service/register", "{\"Name\":\"hb\",\"Port\":2}");
    HttpResponse<String> changed = parked.get(5, TimeUnit.SECONDS);
    assertNotEquals(hash, changed.headers().firstValue("X-Consul-ContentHash").orElseThrow());
    assertEquals(2, TestServer.json(changed).get("Port").asInt());
    assertEquals(404, s.get("/v1/agent/service/nope").statusCode());
    s.put("/v1/agent/service/deregister/hb", "");
  }

  @Test
  void tokenSources() {
    // ACLs are off in dev mode: any token is accepted, and the ACL endpoints say so
    assertEquals(200, s.get("/v1/agent/services?token=whatever").statusCode());
    assertEquals(401, s.get("/v1/acl/tokens").statusCode());
  }
}
