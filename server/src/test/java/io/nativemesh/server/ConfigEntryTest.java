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
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code service-intentions} config entries (Consul API: /v1/config) and their unity with legacy
 * intentions.
 */
class ConfigEntryTest {

  private static boolean allowed(TestServer s, String source, String destination) {
    return TestServer.json(
            s.get("/v1/connect/intentions/check?source=" + source + "&destination=" + destination))
        .get("Allowed")
        .asBoolean();
  }

  private static TestServer denyByDefault() {
    return new TestServer(
        ServerConfig.builder()
            .dev(true)
            .nodeName("n")
            .defaultIntentionPolicy(DefaultIntentionPolicy.DENY));
  }

  @Test
  void entryAndLegacyIntentionsAreOneStore() {
    try (TestServer s = denyByDefault()) {
      // L7 permissions need an HTTP destination (Consul: service-defaults Protocol)
      s.put("/v1/config", "{\"Kind\":\"service-defaults\",\"Name\":\"db\",\"Protocol\":\"http\"}");
      String legacyId =
          TestServer.json(
                  s.post(
                      "/v1/connect/intentions",
                      "{\"SourceName\":\"old\",\"DestinationName\":\"db\",\"Action\":\"allow\",\"Meta\":{\"m\":\"1\"}}"))
              .get("ID")
              .asText();
      s.put("/v1/connect/intentions/exact?source=web&destination=db", "{\"Action\":\"deny\"}");

      // legacy writes appear as the entry's sources, in evaluation order, with their IDs
      HttpResponse<String> r = s.get("/v1/config/service-intentions/db");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode e = TestServer.json(r);
      assertEquals("service-intentions", e.get("Kind").asText());
      assertEquals("db", e.get("Name").asText());
      assertEquals(2, e.get("Sources").size());
      assertEquals("old", e.get("Sources").get(0).get("Name").asText());
      assertEquals(legacyId, e.get("Sources").get(0).get("LegacyID").asText());
      assertEquals("1", e.get("Sources").get(0).get("LegacyMeta").get("m").asText());
      assertEquals(9, e.get("Sources").get(0).get("Precedence").asInt());
      assertEquals("consul", e.get("Sources").get(0).get("Type").asText());
      assertTrue(e.get("Sources").get(0).has("LegacyCreateTime"));
      assertEquals("deny", e.get("Sources").get(1).get("Action").asText());
      long created = e.get("CreateIndex").asLong();
      assertTrue(e.get("ModifyIndex").asLong() > created);

      // writing the entry replaces the destination's intentions; surviving sources keep their IDs
      HttpResponse<String> put =
          s.put(
              "/v1/config",
              "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Meta\":{\"owner\":\"team-a\"},"
                  + "\"Sources\":[{\"Name\":\"old\",\"Action\":\"deny\",\"Precedence\":1},"
                  + "{\"Name\":\"*\",\"Action\":\"allow\",\"Description\":\"everyone else\"},"
                  + "{\"Name\":\"admin\",\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"/admin\"}}]}]}");
      assertEquals(200, put.statusCode(), put.body());
      assertEquals("true", put.body());
      assertEquals(
          404,
          s.get("/v1/connect/intentions/exact?source=web&destination=db").statusCode(),
          "web was not listed");
      JsonNode old = TestServer.json(s.get("/v1/connect/intentions/" + legacyId));
      assertEquals("deny", old.get("Action").asText());
      assertEquals("1", old.get("Meta").get("m").asText(), "legacy Meta survives an entry write");
      assertFalse(allowed(s, "old", "db"));
      assertTrue(allowed(s, "web", "db"), "*→db allow");
      assertFalse(allowed(s, "admin", "db"), "L7 counts as deny at L4");
      JsonNode match =
          TestServer.json(s.get("/v1/connect/intentions/match?by=destination&name=db")).get("db");
      assertEquals(3, match.size(), match.toString());

      JsonNode after = TestServer.json(s.get("/v1/config/service-intentions/db"));
      assertEquals(created, after.get("CreateIndex").asLong());
      assertEquals("team-a", after.get("Meta").get("owner").asText());
      assertEquals(3, after.get("Sources").size());
      assertEquals(
          8,
          after.get("Sources").get(2).get("Precedence").asInt(),
          "Precedence is computed, not taken from input");
      assertEquals("everyone else", after.get("Sources").get(2).get("Description").asText());
      // evaluation order: admin and old (9, by name), then * (8)
      assertEquals("admin", after.get("Sources").get(0).get("Name").asText());
      assertEquals(
          "/admin",
          after
              .get("Sources")
              .get(0)
              .get("Permissions")
              .get(0)
              .get("HTTP")
              .get("PathPrefix")
              .asText());

      // what GET returns can be written back unchanged (LegacyID, Legacy*, indexes are accepted)
      assertEquals("true", s.put("/v1/config", after.toString()).body());
      assertEquals(
          legacyId,
          TestServer.json(s.get("/v1/config/service-intentions/db"))
              .get("Sources")
              .get(1)
              .get("LegacyID")
              .asText());

      // list; a second entry written by the legacy API
      s.put("/v1/connect/intentions/exact?source=web&destination=cache", "{\"Action\":\"allow\"}");
      JsonNode list = TestServer.json(s.get("/v1/config/service-intentions"));
      assertEquals(2, list.size());
      assertEquals("cache", list.get(0).get("Name").asText());
      assertEquals("db", list.get(1).get("Name").asText());

      // deleting the entry deletes its intentions
      HttpResponse<String> del = s.delete("/v1/config/service-intentions/db");
      assertEquals(200, del.statusCode());
      assertEquals("{}", del.body());
      assertEquals(404, s.get("/v1/connect/intentions/" + legacyId).statusCode());
      assertFalse(allowed(s, "web", "db"));
      HttpResponse<String> missing = s.get("/v1/config/service-intentions/db");
      assertEquals(404, missing.statusCode());
      assertEquals("Config entry not found for \"service-intentions\" / \"db\"", missing.body());
      assertEquals(1, TestServer.json(s.get("/v1/connect/intentions")).size());
    }
  }

  @Test
  void casOnWriteAndDelete() {
    try (TestServer s = TestServer.dev()) {
      String body =
          "{\"Kind\":\"service-intentions\",\"Name\":\"web\",\"Sources\":[{\"Name\":\"a\",\"Action\":\"allow\"}]}";
      assertEquals("true", s.put("/v1/config?cas=0", body).body());
      assertEquals("false", s.put("/v1/config?cas=0", body).body(), "cas=0: only if absent");
      long modify =
          TestServer.json(s.get("/v1/config/service-intentions/web")).get("ModifyIndex").asLong();
      assertEquals(
          "false", s.put("/v1/config?cas=" + (modify + 7), body.replace("allow", "deny")).body());
      assertEquals(
          "allow",
          TestServer.json(s.get("/v1/connect/intentions/exact?source=a&destination=web"))
              .get("Action")
              .asText());
      assertEquals("true", s.put("/v1/config?cas=" + modify, body.replace("allow", "deny")).body());
      long now =
          TestServer.json(s.get("/v1/config/service-intentions/web")).get("ModifyIndex").asLong();
      assertEquals("false", s.delete("/v1/config/service-intentions/web?cas=" + modify).body());
      assertEquals("true", s.delete("/v1/config/service-intentions/web?cas=" + now).body());
      assertEquals(404, s.get("/v1/config/service-intentions/web").statusCode());
    }
  }

  @Test
  void blockingReadsWakeOnLegacyWrites() throws Exception {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> absent = s.get("/v1/config/service-intentions/db");
      assertEquals(404, absent.statusCode());
      long index = TestServer.index(absent);
      CompletableFuture<HttpResponse<String>> one =
          CompletableFuture.supplyAsync(
              () -> s.get("/v1/config/service-intentions/db?index=" + index + "&wait=20s"));
      CompletableFuture<HttpResponse<String>> all =
          CompletableFuture.supplyAsync(
              () -> s.get("/v1/config/service-intentions?index=" + index + "&wait=20s"));
      Thread.sleep(300);
      assertFalse(one.isDone() || all.isDone(), "both block");
      s.put("/v1/connect/intentions/exact?source=web&destination=db", "{\"Action\":\"allow\"}");
      HttpResponse<String> woke = one.get(5, TimeUnit.SECONDS);
      assertEquals(200, woke.statusCode(), woke.body());
      assertTrue(TestServer.index(woke) > index);
      assertEquals("web", TestServer.json(woke).get("Sources").get(0).get("Name").asText());
      assertEquals(1, TestServer.json(all.get(5, TimeUnit.SECONDS)).size());
      // a timed-out block answers with the current data and index
      HttpResponse<String> timedOut =
          s.get("/v1/config/service-intentions/db?index=" + TestServer.index(woke) + "&wait=100ms");
      assertEquals(TestServer.index(woke), TestServer.index(timedOut));
    }
  }

  @Test
  void entryIdsAndIndexesSurviveRestart(@TempDir Path dir) {
    ServerConfig.Builder cfg = ServerConfig.builder().dev(true).nodeName("n").dataDir(dir);
    JsonNode before;
    try (TestServer s = new TestServer(cfg)) {
      s.put(
          "/v1/config",
          "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Meta\":{\"k\":\"v\"},"
              + "\"Sources\":[{\"Name\":\"web\",\"Action\":\"allow\"}]}");
      s.post(
          "/v1/connect/intentions",
          "{\"SourceName\":\"api\",\"DestinationName\":\"db\",\"Action\":\"deny\"}");
      before = TestServer.json(s.get("/v1/config/service-intentions/db"));
    }
    try (TestServer s = new TestServer(cfg)) {
      assertEquals(before, TestServer.json(s.get("/v1/config/service-intentions/db")));
    }
  }

  @Test
  void aclRulesFollowTheDestination() {
    try (TestServer s =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("n")
                .acl(true, DefaultIntentionPolicy.DENY, "root"))) {
      String body =
          "{\"Kind\":\"service-intentions\",\"Name\":\"db\",\"Sources\":[{\"Name\":\"web\",\"Action\":\"allow\"}]}";
      assertEquals(403, s.put("/v1/config", body).statusCode());
      assertEquals("true", s.put("/v1/config?token=root", body).body());
      assertEquals(403, s.get("/v1/config/service-intentions/db").statusCode());
      assertEquals(
          0,
          TestServer.json(s.get("/v1/config/service-intentions")).size(),
          "anonymous sees no entry");
      assertEquals(1, TestServer.json(s.get("/v1/config/service-intentions?token=root")).size());
      assertEquals(403, s.delete("/v1/config/service-intentions/db").statusCode());
      assertEquals(
          403,
          s.delete(
                  "/v1/connect/intentions/"
                      + TestServer.json(s.get("/v1/config/service-intentions/db?token=root"))
                          .get("Sources")
                          .get(0)
                          .get("LegacyID")
                          .asText())
              .statusCode());
    }
  }
}
