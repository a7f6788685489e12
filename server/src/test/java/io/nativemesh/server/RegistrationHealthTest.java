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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegistrationHealthTest {
  static TestServer s;

  @BeforeAll
  static void start() {
    s = TestServer.dev();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void registrationShowsUpInHealthConnectAndCatalogWithConsulShapesAndHeaders() {
    HttpResponse<String> reg =
        s.put(
            "/v1/agent/service/register",
            """
        {"Name":"greeting","ID":"greeting-1","Port":9001,"Tags":["v1","eu"],"Meta":{"team":"core"},
         "Connect":{"Native":true},"Check":{"TTL":"30s","Status":"passing"}}""");
    assertEquals(200, reg.statusCode(), reg.body());
    s.put("/v1/agent/service/register", "{\"Name\":\"legacy\",\"Port\":80}");

    HttpResponse<String> r = s.get("/v1/health/connect/greeting");
    assertEquals(200, r.statusCode());
    assertEquals("true", r.headers().firstValue("X-Consul-KnownLeader").orElseThrow());
    assertEquals("0", r.headers().firstValue("X-Consul-LastContact").orElseThrow());
    assertEquals("allow", r.headers().firstValue("X-Consul-Default-ACL-Policy").orElseThrow());
    assertTrue(TestServer.index(r) >= 1);
    JsonNode entries = TestServer.json(r);
    assertEquals(1, entries.size());
    JsonNode e = entries.get(0);
    assertEquals(3, e.size(), "exactly Node, Service, Checks: " + e);
    assertEquals("test-node", e.get("Node").get("Node").asText());
    assertEquals("127.0.0.1", e.get("Node").get("Address").asText());
    assertEquals("dc1", e.get("Node").get("Datacenter").asText());
    assertEquals("greeting-1", e.get("Service").get("ID").asText());
    assertEquals("greeting", e.get("Service").get("Service").asText());
    assertEquals(9001, e.get("Service").get("Port").asInt());
    assertTrue(e.get("Service").get("Connect").get("Native").asBoolean());
    assertEquals(1, e.get("Service").get("Weights").get("Passing").asInt());
    JsonNode checks = e.get("Checks");
    assertEquals(2, checks.size());
    assertEquals("serfHealth", checks.get(0).get("CheckID").asText());
    assertEquals("passing", checks.get(0).get("Status").asText());
    assertEquals("service:greeting-1", checks.get(1).get("CheckID").asText());
    assertEquals("greeting-1", checks.get(1).get("ServiceID").asText());
    assertEquals("passing", checks.get(1).get("Status").asText());

    // the non-native service is in health/service but not in health/connect
    assertEquals(1, TestServer.json(s.get("/v1/health/service/legacy")).size());
    assertEquals(0, TestServer.json(s.get("/v1/health/connect/legacy")).size());

    JsonNode catalog = TestServer.json(s.get("/v1/catalog/services"));
    assertEquals("[\"eu\",\"v1\"]", catalog.get("greeting").toString());
    assertEquals("[]", catalog.get("legacy").toString());

    JsonNode agent = TestServer.json(s.get("/v1/agent/services"));
    assertEquals("greeting", agent.get("greeting-1").get("Service").asText());
    assertEquals("legacy", agent.get("legacy").get("ID").asText());
  }

  @Test
  void passingFlagFiltersOnAllChecksAndTtlChecksTurnCriticalOnExpiry() throws Exception {
    s.put(
        "/v1/agent/service/register",
        """
        {"Name":"ttl-svc","Connect":{"Native":true},"Checks":[{"CheckID":"ttl-a","TTL":"1s"}]}""");
    // TTL checks start critical
    assertEquals(0, TestServer.json(s.get("/v1/health/connect/ttl-svc?passing")).size());
    assertEquals(1, TestServer.json(s.get("/v1/health/connect/ttl-svc?passing=false")).size());
    assertEquals(200, s.put("/v1/agent/check/pass/ttl-a?note=ok", "").statusCode());
    for (String flag : new String[] {"passing", "passing=", "passing=1", "passing=true"}) {
      assertEquals(1, TestServer.json(s.get("/v1/health/connect/ttl-svc?" + flag)).size(), flag);
    }
    JsonNode check =
        TestServer.json(s.get("/v1/health/service/ttl-svc")).get(0).get("Checks").get(1);
    assertEquals("ok", check.get("Output").asText());
    // no further update: the 1 s TTL expires and the check turns critical
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String status = "passing";
    while (System.nanoTime() < deadline && !status.equals("critical")) {
      Thread.sleep(100);
      status =
          TestServer.json(s.get("/v1/health/service/ttl-svc"))
              .get(0)
              .get("Checks")
              .get(1)
              .get("Status")
              .asText();
    }
    assertEquals("critical", status);
    JsonNode expired =
        TestServer.json(s.get("/v1/health/service/ttl-svc")).get(0).get("Checks").get(1);
    assertEquals("TTL expired", expired.get("Output").asText());
    assertEquals(0, TestServer.json(s.get("/v1/health/connect/ttl-svc?passing=1")).size());

    assertEquals(404, s.put("/v1/agent/check/pass/no-such-check", "").statusCode());
    assertEquals(200, s.put("/v1/agent/service/deregister/ttl-svc", "").statusCode());
    assertEquals(0, TestServer.json(s.get("/v1/health/service/ttl-svc")).size());
    assertEquals(404, s.put("/v1/agent/check/pass/ttl-a", "").statusCode());
  }

  /**
   * A TTL update that changes neither status nor output (a heartbeat) re-arms the timer without a
   * write, as a Consul agent's does: the index stays, a blocking query is not woken, and the check
   * does not expire while such updates keep coming. A changed output is written.
   */
  @Test
  void anUnchangedTtlUpdateReArmsTheTimerWithoutAWrite() throws Exception {
    s.put(
        "/v1/agent/service/register",
        """
        {"Name":"beat-svc","Checks":[{"CheckID":"beat","TTL":"1s"}]}""");
    assertEquals(200, s.put("/v1/agent/check/pass/beat?note=leaf%2001", "").statusCode());
    long index = TestServer.index(s.get("/v1/health/checks/beat-svc"));
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500); // 2.5 TTLs
    while (System.nanoTime() < end) {
      assertEquals(200, s.put("/v1/agent/check/pass/beat?note=leaf%2001", "").statusCode());
      Thread.sleep(200);
    }
    var checks = s.get("/v1/health/checks/beat-svc");
    assertEquals(index, TestServer.index(checks), "an unchanged update bumped the index");
    assertEquals("passing", TestServer.json(checks).get(0).get("Status").asText());
    assertEquals(200, s.put("/v1/agent/check/pass/beat?note=leaf%2002", "").statusCode());
    checks = s.get("/v1/health/checks/beat-svc");
    assertTrue(TestServer.index(checks) > index, "a changed output was not written");
    assertEquals("leaf 02", TestServer.json(checks).get(0).get("Output").asText());
    assertEquals(200, s.put("/v1/agent/service/deregister/beat-svc", "").statusCode());
  }

  @Test
  void blockingHealthQueryWakesOnRegistration() throws Exception {
    HttpResponse<String> first = s.get("/v1/health/connect/late");
    assertEquals(0, TestServer.json(first).size());
    long index = TestServer.index(first);
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> blocked =
        CompletableFuture.supplyAsync(
            () -> s.get("/v1/health/connect/late?index=" + index + "&wait=20s"));
    Thread.sleep(300);
    assertFalse(blocked.isDone(), "must block until something changes");
    s.put("/v1/agent/service/register", "{\"Name\":\"late\",\"Connect\":{\"Native\":true}}");
    HttpResponse<String> woke = blocked.get(5, TimeUnit.SECONDS);
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    assertTrue(TestServer.index(woke) > index);
    assertEquals(1, TestServer.json(woke).size());
  }

  @Test
  void blockingQueryTimesOutWithUnchangedIndexAndSameData() {
    try (TestServer fresh = TestServer.dev()) {
      HttpResponse<String> first = fresh.get("/v1/health/service/nothing-here");
      long index = TestServer.index(first);
      long start = System.nanoTime();
      HttpResponse<String> r =
          fresh.get("/v1/health/service/nothing-here?index=" + index + "&wait=1s");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(200, r.statusCode());
      assertTrue(ms >= 1000 && ms < 1000 + 1000 / 16 + 1500, "took " + ms + " ms");
      assertEquals("[]", r.body());
      assertEquals(index, TestServer.index(r));
    }
  }

  @Test
  void indexIsNeverZero() {
    try (TestServer fresh = TestServer.dev()) {
      // nothing was ever written to the intentions table: its index is 0 internally
      HttpResponse<String> r = fresh.get("/v1/connect/intentions");
      assertEquals(200, r.statusCode());
      assertEquals(1, TestServer.index(r));
      assertEquals("[]", r.body());
      HttpResponse<String> m = fresh.get("/v1/connect/intentions/match?by=destination&name=web");
      assertEquals(1, TestServer.index(m));
      assertEquals("{\"web\":[]}", m.body());
    }
  }

  @Test
  void statusAndSelf() {
    assertEquals("\"127.0.0.1:8300\"", s.get("/v1/status/leader").body());
    assertEquals("[\"127.0.0.1:8300\"]", s.get("/v1/status/peers").body());
    JsonNode self = TestServer.json(s.get("/v1/agent/self"));
    assertEquals("dc1", self.get("Config").get("Datacenter").asText());
    assertEquals("test-node", self.get("Config").get("NodeName").asText());
    assertTrue(self.get("Config").get("Server").asBoolean());
    assertEquals(36, self.get("Config").get("NodeID").asText().length());
    assertEquals("test-node", self.get("Member").get("Name").asText());
  }
}
