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
import org.junit.jupiter.api.Test;

class IntentionsTest {

  private static String authorize(TestServer s, String target, String source) {
    String uri = "spiffe://" + s.server.trustDomain() + "/ns/default/dc/dc1/svc/" + source;
    return s.post(
            "/v1/agent/connect/authorize",
            "{\"Target\":\""
                + target
                + "\",\"ClientCertURI\":\""
                + uri
                + "\",\"ClientCertSerial\":\"0a\"}")
        .body();
  }

  private static boolean allowed(TestServer s, String source, String destination) {
    return TestServer.json(
            s.get("/v1/connect/intentions/check?source=" + source + "&destination=" + destination))
        .get("Allowed")
        .asBoolean();
  }

  @Test
  void exactMatchCheckAndAuthorizeWithPrecedence() throws Exception {
    try (TestServer s =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("n")
                .defaultIntentionPolicy(DefaultIntentionPolicy.DENY))) {
      assertEquals(
          "deny",
          s.get("/v1/status/leader")
              .headers()
              .firstValue("X-Consul-Default-ACL-Policy")
              .orElseThrow());
      long before = TestServer.index(s.get("/v1/connect/intentions/match?by=destination&name=db"));
      CompletableFuture<HttpResponse<String>> blocked =
          CompletableFuture.supplyAsync(
              () ->
                  s.get(
                      "/v1/connect/intentions/match?by=destination&name=db&index="
                          + before
                          + "&wait=20s"));
      Thread.sleep(200);
      assertFalse(blocked.isDone());

      assertEquals(
          "true",
          s.put(
                  "/v1/connect/intentions/exact?source=web&destination=db",
                  "{\"SourceType\":\"consul\",\"Action\":\"allow\",\"Description\":\"web may use db\"}")
              .body());
      HttpResponse<String> woke = blocked.get(5, TimeUnit.SECONDS);
      assertTrue(TestServer.index(woke) > before);

      s.put("/v1/connect/intentions/exact?source=*&destination=db", "{\"Action\":\"deny\"}");
      s.put("/v1/connect/intentions/exact?source=web&destination=*", "{\"Action\":\"deny\"}");
      s.put("/v1/connect/intentions/exact?source=*&destination=*", "{\"Action\":\"allow\"}");
      // L7 permissions need an HTTP destination (Consul: service-defaults Protocol)
      s.put("/v1/config", "{\"Kind\":\"service-defaults\",\"Name\":\"db\",\"Protocol\":\"http\"}");
      s.put(
          "/v1/connect/intentions/exact?source=admin&destination=db",
          "{\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"/admin\",\"Methods\":[\"GET\"]}}]}");

      JsonNode exact =
          TestServer.json(s.get("/v1/connect/intentions/exact?source=web&destination=db"));
      assertEquals("web", exact.get("SourceName").asText());
      assertEquals("db", exact.get("DestinationName").asText());
      assertEquals("default", exact.get("SourceNS").asText());
      assertEquals("allow", exact.get("Action").asText());
      assertEquals(9, exact.get("Precedence").asInt());
      assertEquals("web may use db", exact.get("Description").asText());
      assertEquals(36, exact.get("ID").asText().length());
      assertTrue(exact.has("CreatedAt") && exact.has("CreateIndex"));

      JsonNode match =
          TestServer.json(s.get("/v1/connect/intentions/match?by=destination&name=db"));
      JsonNode db = match.get("db");
      assertEquals(5, db.size(), db.toString());
      assertTrue(!db.get(0).has("l7") && !db.get(0).has("L7"), "no stray JSON fields");
      // evaluation order: admin→db (9) and web→db (9) by name, then *→db (8), web→* (6), *→* (5)
      assertEquals("admin", db.get(0).get("SourceName").asText());
      assertEquals(9, db.get(0).get("Precedence").asInt());
      assertEquals("web", db.get(1).get("SourceName").asText());
      assertEquals("*", db.get(2).get("SourceName").asText());
      assertEquals(8, db.get(2).get("Precedence").asInt());
      assertEquals(6, db.get(3).get("Precedence").asInt());
      assertEquals(5, db.get(4).get("Precedence").asInt());

      JsonNode bySource =
          TestServer.json(s.get("/v1/connect/intentions/match?by=source&name=web")).get("web");
      assertEquals(4, bySource.size(), bySource.toString());
      assertEquals(9, bySource.get(0).get("Precedence").asInt());
      assertEquals(8, bySource.get(1).get("Precedence").asInt());
      assertEquals(6, bySource.get(2).get("Precedence").asInt());
      assertEquals(5, bySource.get(3).get("Precedence").asInt());

      assertEquals(5, TestServer.json(s.get("/v1/connect/intentions")).size());

      assertTrue(allowed(s, "web", "db")); // exact allow (9)
      assertFalse(allowed(s, "other", "db")); // *→db deny (8)
      assertFalse(allowed(s, "web", "cache")); // web→* deny (6)
      assertTrue(allowed(s, "other", "cache")); // *→* allow (5)
      assertFalse(allowed(s, "admin", "db")); // L7 intention = deny at L4

      JsonNode a1 =
          TestServer.json(
              s.post(
                  "/v1/agent/connect/authorize",
                  "{\"Target\":\"db\",\"ClientCertURI\":\"spiffe://"
                      + s.server.trustDomain()
                      + "/ns/default/dc/dc1/svc/web\"}"));
      assertTrue(a1.get("Authorized").asBoolean());
      assertTrue(a1.get("Reason").asText().contains("web => db"), a1.toString());
      assertTrue(authorize(s, "db", "other").contains("\"Authorized\":false"));
      String l7 = authorize(s, "db", "admin");
      assertTrue(l7.contains("\"Authorized\":false") && l7.contains("L7"), l7);

      // delete the catch-all: unmatched pairs fall to the default policy (deny)
      assertEquals("true", s.delete("/v1/connect/intentions/exact?source=*&destination=*").body());
      assertFalse(allowed(s, "other", "cache"));
      String byDefault = authorize(s, "cache", "other");
      assertTrue(
          byDefault.contains("\"Authorized\":false")
              && byDefault.contains("default intention policy is deny"),
          byDefault);
      assertEquals(404, s.get("/v1/connect/intentions/exact?source=*&destination=*").statusCode());

      // upsert keeps ID and CreateIndex, bumps ModifyIndex
      s.put("/v1/connect/intentions/exact?source=web&destination=db", "{\"Action\":\"deny\"}");
      JsonNode updated =
          TestServer.json(s.get("/v1/connect/intentions/exact?source=web&destination=db"));
      assertEquals(exact.get("ID").asText(), updated.get("ID").asText());
      assertEquals(exact.get("CreateIndex").asLong(), updated.get("CreateIndex").asLong());
      assertTrue(updated.get("ModifyIndex").asLong() > exact.get("ModifyIndex").asLong());
      assertFalse(allowed(s, "web", "db"));
    }
  }

  @Test
  void defaultAllowPolicyAppliesWhenNothingMatches() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> r = s.get("/v1/connect/intentions/check?source=a&destination=b");
      assertEquals("allow", r.headers().firstValue("X-Consul-Default-ACL-Policy").orElseThrow());
      assertTrue(TestServer.json(r).get("Allowed").asBoolean());
      String body = authorize(s, "b", "a");
      assertTrue(
          body.contains("\"Authorized\":true")
              && body.contains("default intention policy is allow"),
          body);
      s.put("/v1/connect/intentions/exact?source=a&destination=b", "{\"Action\":\"deny\"}");
      assertFalse(allowed(s, "a", "b"));
    }
  }
}
