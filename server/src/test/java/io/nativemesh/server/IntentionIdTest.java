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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deprecated ID-based intention endpoints (docs/consul-api.md, "Intention IDs") over real HTTP.
 */
class IntentionIdTest {

  private static String create(TestServer s, String body) {
    HttpResponse<String> r = s.post("/v1/connect/intentions", body);
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r).get("ID").asText();
  }

  private static boolean allowed(TestServer s, String source, String destination) {
    return TestServer.json(
            s.get("/v1/connect/intentions/check?source=" + source + "&destination=" + destination))
        .get("Allowed")
        .asBoolean();
  }

  @Test
  void createGetUpdateDeleteById() {
    try (TestServer s =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("n")
                .defaultIntentionPolicy(DefaultIntentionPolicy.DENY))) {
      String id =
          create(
              s,
              "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"SourceType\":\"consul\","
                  + "\"Action\":\"allow\",\"Description\":\"d1\",\"Meta\":{\"team\":\"a\"}}");
      assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);

      HttpResponse<String> got = s.get("/v1/connect/intentions/" + id);
      assertEquals(200, got.statusCode());
      JsonNode i = TestServer.json(got);
      assertEquals(id, i.get("ID").asText());
      assertEquals("web", i.get("SourceName").asText());
      assertEquals("db", i.get("DestinationName").asText());
      assertEquals("allow", i.get("Action").asText());
      assertEquals("a", i.get("Meta").get("team").asText());
      assertEquals(9, i.get("Precedence").asInt());
      assertTrue(TestServer.index(got) >= i.get("ModifyIndex").asLong());
      assertTrue(allowed(s, "web", "db"));
      // the exact endpoint and the list see the same intention, with the same ID
      assertEquals(
          id,
          TestServer.json(s.get("/v1/connect/intentions/exact?source=web&destination=db"))
              .get("ID")
              .asText());
      assertEquals(id, TestServer.json(s.get("/v1/connect/intentions")).get(0).get("ID").asText());

      // a second create for the pair is refused, naming the existing intention
      HttpResponse<String> dup =
          s.post(
              "/v1/connect/intentions",
              "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"deny\"}");
      assertEquals(409, dup.statusCode());
      assertTrue(
          dup.body().contains("duplicate intention found") && dup.body().contains(id), dup.body());
      assertTrue(allowed(s, "web", "db"), "the duplicate changed nothing");

      // update by ID: same ID and CreateIndex, new ModifyIndex
      HttpResponse<String> upd =
          s.put(
              "/v1/connect/intentions/" + id,
              "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"deny\",\"Description\":\"d2\"}");
      assertEquals(200, upd.statusCode(), upd.body());
      assertEquals(id, TestServer.json(upd).get("ID").asText());
      JsonNode after = TestServer.json(s.get("/v1/connect/intentions/" + id));
      assertEquals("deny", after.get("Action").asText());
      assertEquals("d2", after.get("Description").asText());
      assertEquals(i.get("CreateIndex").asLong(), after.get("CreateIndex").asLong());
      assertTrue(after.get("ModifyIndex").asLong() > i.get("ModifyIndex").asLong());
      assertEquals(i.get("CreatedAt").asText(), after.get("CreatedAt").asText());
      assertFalse(allowed(s, "web", "db"));

      // an exact upsert keeps the ID
      s.put("/v1/connect/intentions/exact?source=web&destination=db", "{\"Action\":\"allow\"}");
      assertEquals(
          "allow", TestServer.json(s.get("/v1/connect/intentions/" + id)).get("Action").asText());

      // update may move the intention to another pair; the ID follows it
      assertEquals(
          200,
          s.put(
                  "/v1/connect/intentions/" + id,
                  "{\"SourceName\":\"api\",\"DestinationName\":\"cache\",\"Action\":\"allow\"}")
              .statusCode());
      assertEquals(
          404, s.get("/v1/connect/intentions/exact?source=web&destination=db").statusCode());
      assertEquals(
          id,
          TestServer.json(s.get("/v1/connect/intentions/exact?source=api&destination=cache"))
              .get("ID")
              .asText());
      assertTrue(allowed(s, "api", "cache"));

      // moving onto a pair that another intention has is refused
      String other =
          create(s, "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"allow\"}");
      assertNotEquals(id, other);
      HttpResponse<String> clash =
          s.put(
              "/v1/connect/intentions/" + id,
              "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"deny\"}");
      assertEquals(409, clash.statusCode());
      assertTrue(clash.body().contains(other), clash.body());

      // upper-case UUIDs address the same intention
      assertEquals(200, s.get("/v1/connect/intentions/" + id.toUpperCase()).statusCode());

      HttpResponse<String> del = s.delete("/v1/connect/intentions/" + id);
      assertEquals(200, del.statusCode());
      assertEquals("true", del.body());
      HttpResponse<String> gone = s.get("/v1/connect/intentions/" + id);
      assertEquals(404, gone.statusCode());
      assertEquals("Intention not found", gone.body());
      assertEquals(404, s.delete("/v1/connect/intentions/" + id).statusCode());
      assertEquals(
          404,
          s.put(
                  "/v1/connect/intentions/" + id,
                  "{\"SourceName\":\"x\",\"DestinationName\":\"y\",\"Action\":\"allow\"}")
              .statusCode());
      assertFalse(allowed(s, "api", "cache"), "back to the default policy (deny)");
    }
  }

  @Test
  void idsSurviveRestart(@TempDir Path dir) {
    ServerConfig.Builder cfg = ServerConfig.builder().dev(true).nodeName("n").dataDir(dir);
    String id;
    long createIndex;
    try (TestServer s = new TestServer(cfg)) {
      id = create(s, "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"allow\"}");
      s.put(
          "/v1/connect/intentions/" + id,
          "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"deny\"}");
      createIndex =
          TestServer.json(s.get("/v1/connect/intentions/" + id)).get("CreateIndex").asLong();
    }
    try (TestServer s = new TestServer(cfg)) {
      JsonNode i = TestServer.json(s.get("/v1/connect/intentions/" + id));
      assertEquals("deny", i.get("Action").asText());
      assertEquals(createIndex, i.get("CreateIndex").asLong());
      assertEquals(
          id,
          TestServer.json(s.get("/v1/connect/intentions/exact?source=web&destination=db"))
              .get("ID")
              .asText());
    }
  }
}
