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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The web UI's assets and its {@code /v1/internal/ui/} reads (docs/ui.md). */
class UiApiTest {

  @Test
  void servesTheStaticAssetsAndNothingElse() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> index = s.get("/ui");
      assertEquals(200, index.statusCode());
      assertTrue(index.headers().firstValue("content-type").orElse("").startsWith("text/html"));
      assertTrue(index.body().contains("<script src=\"/ui/app.js\">"));
      assertEquals(200, s.get("/ui/").statusCode());
      HttpResponse<String> js = s.get("/ui/app.js");
      assertTrue(js.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
      assertEquals(200, s.get("/ui/app.css").statusCode());
      assertEquals(404, s.get("/ui/missing.js").statusCode());
      assertEquals(404, s.get("/ui/..%2FUiApi.class").statusCode());
      assertEquals(404, s.get("/ui/sub/app.js").statusCode());
    }
  }

  @Test
  void intentionMatrixGivesTheDecisionAndDecidingRulePerCellAndBlocks() throws Exception {
    try (TestServer s =
        new TestServer(
            ServerConfig.builder().dev(true).defaultIntentionPolicy(DefaultIntentionPolicy.DENY))) {
      s.put("/v1/agent/service/register", "{\"Name\":\"api\",\"ID\":\"api-1\",\"Port\":1}");
      s.put("/v1/connect/intentions/exact?source=*&destination=api", "{\"Action\":\"allow\"}");
      HttpResponse<String> deny =
          s.put("/v1/connect/intentions/exact?source=web&destination=api", "{\"Action\":\"deny\"}");
      assertEquals(200, deny.statusCode(), deny.body());
      HttpResponse<String> r = s.get("/v1/internal/ui/intention-matrix");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode m = TestServer.json(r);
      assertEquals("deny", m.get("DefaultPolicy").asText());
      JsonNode webApi = cell(m, "web", "api");
      assertFalse(webApi.get("Allowed").asBoolean());
      assertEquals("web", webApi.get("RuleSource").asText());
      assertEquals(9, webApi.get("Precedence").asInt());
      JsonNode apiApi = cell(m, "api", "api");
      assertTrue(apiApi.get("Allowed").asBoolean());
      assertEquals("*", apiApi.get("RuleSource").asText());
      assertEquals(8, apiApi.get("Precedence").asInt());

      long index = TestServer.index(r);
      CompletableFuture<HttpResponse<String>> wait =
          CompletableFuture.supplyAsync(
              () -> s.get("/v1/internal/ui/intention-matrix?index=" + index + "&wait=10s"));
      Thread.sleep(200);
      assertFalse(wait.isDone());
      s.put("/v1/connect/intentions/exact?source=web&destination=api", "{\"Action\":\"allow\"}");
      JsonNode after = TestServer.json(wait.get());
      assertTrue(cell(after, "web", "api").get("Allowed").asBoolean());
    }
  }

  private static JsonNode cell(JsonNode m, String source, String destination) {
    for (JsonNode c : m.get("Cells")) {
      if (c.get("Source").asText().equals(source)
          && c.get("Destination").asText().equals(destination)) {
        return c;
      }
    }
    throw new AssertionError("no cell " + source + " -> " + destination + " in " + m);
  }

  @Test
  void servicesAndRecentLeavesWithoutKeys() {
    try (TestServer s = TestServer.dev()) {
      s.put(
          "/v1/agent/service/register",
          "{\"Name\":\"api\",\"ID\":\"api-1\",\"Port\":1,\"Connect\":{\"Native\":true}}");
      JsonNode services = TestServer.json(s.get("/v1/internal/ui/services"));
      assertEquals("api-1", services.get(0).get("Service").get("ID").asText());
      assertTrue(services.get(0).get("Service").get("Connect").get("Native").asBoolean());

      s.get("/v1/agent/connect/ca/leaf/api");
      HttpResponse<String> r = s.get("/v1/internal/ui/leaves");
      assertEquals(200, r.statusCode());
      JsonNode leaves = TestServer.json(r);
      assertEquals("api", leaves.get(0).get("Service").asText());
      assertTrue(leaves.get(0).has("SigningKeyID"));
      assertFalse(r.body().contains("PRIVATE KEY"));
    }
  }

  @Test
  void withAclsAnonymousGetsTheAssetsButNoData() {
    String root = "11111111-2222-3333-4444-555555555555";
    try (TestServer s =
        new TestServer(
            ServerConfig.builder().dev(true).acl(true, DefaultIntentionPolicy.DENY, root))) {
      assertEquals(200, s.get("/ui").statusCode());
      // catalog data is filtered per item, as Consul does: anonymous sees an empty result
      HttpResponse<String> anon = s.get("/v1/internal/ui/services");
      assertEquals(200, anon.statusCode());
      assertEquals("[]", anon.body());
      assertEquals(
          "true", anon.headers().firstValue("X-Consul-Results-Filtered-By-ACLs").orElseThrow());
      assertEquals(
          0, TestServer.json(s.get("/v1/internal/ui/intention-matrix")).get("Cells").size());
      assertEquals(403, s.get("/v1/internal/ui/leaves").statusCode());
      for (String p :
          new String[] {
            "/v1/internal/ui/services", "/v1/internal/ui/intention-matrix", "/v1/internal/ui/leaves"
          }) {
        HttpResponse<String> ok =
            s.send(HttpRequest.newBuilder(s.uri(p)).header("X-Consul-Token", root).GET());
        assertEquals(200, ok.statusCode(), p + ": " + ok.body());
      }
    }
  }
}
