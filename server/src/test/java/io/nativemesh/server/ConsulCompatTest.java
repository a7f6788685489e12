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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differences from a single-node Consul agent that issue 17 lists, one test each, against a
 * fresh dev server (docs/consul-api.md, "Consul compatibility details").
 */
class ConsulCompatTest {

  @Test
  void theBuiltInConsulServiceIsInTheCatalogButNotTheAgent() {
    try (TestServer s = TestServer.dev()) {
      assertEquals("{\"consul\":[]}", s.get("/v1/catalog/services").body());
      JsonNode rows = TestServer.json(s.get("/v1/catalog/service/consul"));
      assertEquals(1, rows.size(), rows.toString());
      assertEquals("test-node", rows.get(0).get("Node").asText());
      assertEquals(8300, rows.get(0).get("ServicePort").asInt());
      assertEquals("consul", rows.get(0).get("ServiceID").asText());
      JsonNode health = TestServer.json(s.get("/v1/health/service/consul?passing=1"));
      assertEquals(1, health.size(), health.toString());
      assertEquals("serfHealth", health.get(0).get("Checks").get(0).get("CheckID").asText());
      assertFalse(health.get(0).get("Service").has("Kind"), "empty Kind omitted");
      JsonNode node = TestServer.json(s.get("/v1/catalog/node/test-node"));
      assertEquals(8300, node.get("Services").get("consul").get("Port").asInt());
      assertEquals("{}", s.get("/v1/agent/services").body());
    }
  }

  @Test
  void serfHealthIsNotAnAgentCheck() {
    try (TestServer s = TestServer.dev()) {
      assertEquals("{}", s.get("/v1/agent/checks").body());
      HttpResponse<String> r = s.put("/v1/agent/check/deregister/serfHealth", "");
      assertEquals(404, r.statusCode(), r.body());
      // still there: sessions (which default to it) can be created
      assertEquals(
          "serfHealth",
          TestServer.json(s.get("/v1/health/node/test-node")).get(0).get("CheckID").asText());
      assertEquals(200, s.put("/v1/session/create", "{}").statusCode());
    }
  }

  @Test
  void agentSelfAndMembersLookLikeConsul() {
    try (TestServer s = TestServer.dev()) {
      JsonNode self = TestServer.json(s.get("/v1/agent/self"));
      JsonNode member = self.get("Member");
      for (String f :
          List.of(
              "ProtocolMin",
              "ProtocolMax",
              "ProtocolCur",
              "DelegateMin",
              "DelegateMax",
              "DelegateCur")) {
        assertTrue(member.get(f).isInt(), f + " in " + member);
      }
      assertTrue(
          self.get("Stats").get("consul").get("leader_addr").asText().endsWith(":8300"),
          self.get("Stats").toString());
      assertEquals("true", self.get("Stats").get("consul").get("leader").asText());
      assertEquals("dc1", self.get("DebugConfig").get("Datacenter").asText());
      assertEquals(8, self.get("Coord").get("Vec").size());
      JsonNode wan = TestServer.json(s.get("/v1/agent/members?wan=1"));
      assertEquals("test-node.dc1", wan.get(0).get("Name").asText());
      assertEquals(
          "test-node", TestServer.json(s.get("/v1/agent/members")).get(0).get("Name").asText());
    }
  }

  @Test
  void enableTagOverrideIsStoredAndReturned() {
    try (TestServer s = TestServer.dev()) {
      assertEquals(
          200,
          s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"EnableTagOverride\":true}")
              .statusCode());
      assertTrue(
          TestServer.json(s.get("/v1/agent/service/web")).get("EnableTagOverride").asBoolean());
      assertTrue(
          TestServer.json(s.get("/v1/catalog/service/web"))
              .get(0)
              .get("ServiceEnableTagOverride")
              .asBoolean());
      assertFalse(TestServer.json(s.get("/v1/agent/services")).get("web").has("Kind"));
    }
  }

  @Test
  void kvFlagsAreUnsigned64Bit() {
    try (TestServer s = TestServer.dev()) {
      assertEquals("true", s.put("/v1/kv/f?flags=18446744073709551615", "v").body());
      assertTrue(s.get("/v1/kv/f").body().contains("\"Flags\":18446744073709551615"));
      assertEquals(400, s.put("/v1/kv/f?flags=18446744073709551616", "v").statusCode());
      assertEquals(400, s.put("/v1/kv/f?flags=-1", "v").statusCode());
    }
  }

  @Test
  void fieldNamesAreCaseInsensitiveButUnknownOnesStillFailWhereConsulIsStrict() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> r =
          s.put(
              "/v1/agent/service/register",
              "{\"name\":\"foo\",\"port\":1,\"check\":{\"ttl\":\"10s\",\"status\":\"passing\"}}");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(1, TestServer.json(s.get("/v1/agent/service/foo")).get("Port").asInt());
      r =
          s.put(
              "/v1/txn",
              "[{\"kv\":{\"verb\":\"set\",\"key\":\"k\",\"value\":\"dg==\",\"flags\":7}}]");
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(s.get("/v1/kv/k").body().contains("\"Flags\":7"));
      // config entries are decoded strictly (ErrorUnused): case-insensitive names still match,
      // a name that matches nothing is refused
      r =
          s.put(
              "/v1/config",
              "{\"kind\":\"service-intentions\",\"name\":\"db\",\"sources\":[{\"name\":\"web\",\"action\":\"allow\"}]}");
      assertEquals(200, r.statusCode(), r.body());
      r = s.put("/v1/config", "{\"kind\":\"service-intentions\",\"name\":\"db\",\"sourcez\":[]}");
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("sourcez"), r.body());
    }
  }

  @Test
  void durationsMayBeIntegerNanoseconds() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> r =
          s.put(
              "/v1/agent/service/register",
              "{\"Name\":\"d\",\"Check\":{\"TTL\":30000000000,\"Status\":\"passing\"}}");
      assertEquals(200, r.statusCode(), r.body());
      r =
          s.put(
              "/v1/agent/check/register",
              "{\"Name\":\"tcp\",\"TCP\":\"127.0.0.1:1\",\"Interval\":1000000000,\"Timeout\":\"1s\"}");
      assertEquals(200, r.statusCode(), r.body());
      r = s.put("/v1/agent/check/register", "{\"Name\":\"x\",\"TTL\":\"ten\"}");
      assertEquals(400, r.statusCode(), r.body());
      // a number in a field that is not a duration is still a type error
      r = s.put("/v1/agent/service/register", "{\"Name\":7}");
      assertEquals(400, r.statusCode(), r.body());
    }
  }

  @Test
  void prettyOutputIsIndentedAndEndsWithANewlineAsConsulWritesIt() {
    try (TestServer s = TestServer.dev()) {
      assertEquals("[ \"dc1\" ]\n", s.get("/v1/catalog/datacenters?pretty").body());
      assertEquals("[\"dc1\"]", s.get("/v1/catalog/datacenters").body());
    }
  }

  @Test
  void aKnownPathWithTheWrongMethodIs405() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> r = s.get("/v1/agent/service/deregister/x");
      assertEquals(405, r.statusCode(), r.body());
      assertEquals("PUT", r.headers().firstValue("Allow").orElse(""));
      assertEquals(405, s.get("/v1/agent/check/pass/x").statusCode());
      assertEquals(404, s.get("/v1/agent/service/x").statusCode());
    }
  }

  @Test
  void acquireWithAnUnknownSessionNamesIt() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> r =
          s.put("/v1/kv/lock?acquire=00000000-0000-0000-0000-000000000001", "x");
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("invalid session \"00000000-0000-0000-0000-000000000001\""));
    }
  }

  @Test
  void everyAclEndpointSaysAclsAreDisabled() {
    try (TestServer s = TestServer.dev()) {
      List<String> paths = new ArrayList<>();
      for (String p :
          List.of(
              "/v1/acl/tokens",
              "/v1/acl/policies",
              "/v1/acl/policy/x",
              "/v1/acl/roles",
              "/v1/acl/role/x",
              "/v1/acl/auth-methods",
              "/v1/acl/binding-rules",
              "/v1/acl/token/self",
              "/v1/acl/token/abc")) {
        HttpResponse<String> r = s.get(p);
        if (r.statusCode() != 401 || !r.body().contains("ACL support disabled")) {
          paths.add(p + " → " + r.statusCode() + " " + r.body());
        }
      }
      HttpResponse<String> r = s.put("/v1/acl/bootstrap", "");
      if (r.statusCode() != 401) {
        paths.add("PUT /v1/acl/bootstrap → " + r.statusCode());
      }
      r =
          s.send(
              HttpRequest.newBuilder(s.uri("/v1/acl/policy"))
                  .PUT(HttpRequest.BodyPublishers.ofString("{}")));
      if (r.statusCode() != 401) {
        paths.add("PUT /v1/acl/policy → " + r.statusCode());
      }
      assertEquals(List.of(), paths);
    }
  }
}
