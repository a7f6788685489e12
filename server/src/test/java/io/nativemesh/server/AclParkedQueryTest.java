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

import static io.nativemesh.server.AclFixture.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a blocking query parked with a token re-authorizes when it wakes up; a revoked token
 * (or one whose policy lost the permission) gets its 403, never the data written after.
 */
class AclParkedQueryTest {
  static final String ROOT = "11111111-2222-3333-4444-555555555555";

  private static TestServer server() {
    return new TestServer(
        ServerConfig.builder()
            .dev(true)
            .nodeName("acl-node")
            .acl(true, DefaultIntentionPolicy.DENY, ROOT));
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  private static String policy(TestServer s, String rules) {
    return ok(as(
            s,
            ROOT,
            "PUT",
            "/v1/acl/policy",
            "{\"Name\":\"app-read\",\"Rules\":\"" + rules.replace("\"", "\\\"") + "\"}"))
        .get("ID")
        .asText();
  }

  /** The server's parked-watcher gauge (Consul API: GET /v1/agent/metrics). */
  private static int parkedWatchers(TestServer s) {
    for (JsonNode g : ok(as(s, ROOT, "GET", "/v1/agent/metrics", null)).get("Gauges")) {
      if (g.get("Name").asText().equals("consul.state.parked_watchers")) {
        return g.get("Value").asInt();
      }
    }
    throw new AssertionError("no parked_watchers gauge");
  }

  /** Waits (bounded) until the server holds at least {@code n} parked watchers. */
  private static void awaitParked(TestServer s, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (parkedWatchers(s) < n) {
      assertTrue(System.nanoTime() < deadline, "query never parked");
      Thread.sleep(5);
    }
  }

  private static CompletableFuture<HttpResponse<String>> park(
      TestServer s, String token, long index) {
    return CompletableFuture.supplyAsync(
        () -> as(s, token, "GET", "/v1/kv/app/x?index=" + index + "&wait=20s", null));
  }

  @Test
  void deletedTokenIsCutOff() throws Exception {
    try (TestServer s = server()) {
      String pid = policy(s, "key_prefix \"app/\" { policy = \"read\" }");
      JsonNode tok =
          ok(as(s, ROOT, "PUT", "/v1/acl/token", "{\"Policies\":[{\"ID\":\"" + pid + "\"}]}"));
      String secret = tok.get("SecretID").asText();
      ok(as(s, ROOT, "PUT", "/v1/kv/app/x", "old"));
      HttpResponse<String> first = as(s, secret, "GET", "/v1/kv/app/x", null);
      assertEquals(200, first.statusCode(), first.body());
      int before = parkedWatchers(s);
      CompletableFuture<HttpResponse<String>> parked = park(s, secret, TestServer.index(first));
      awaitParked(s, before + 2); // the KV watch and the ACL watch

      ok(as(s, ROOT, "DELETE", "/v1/acl/token/" + tok.get("AccessorID").asText(), null));
      ok(as(s, ROOT, "PUT", "/v1/kv/app/x", "new-secret-value"));
      HttpResponse<String> r = parked.get(10, TimeUnit.SECONDS);
      assertEquals(403, r.statusCode(), r.body());
      assertEquals("ACL not found", r.body());
    }
  }

  @Test
  void tokenThatLostThePermissionIsCutOff() throws Exception {
    try (TestServer s = server()) {
      String pid = policy(s, "key_prefix \"app/\" { policy = \"read\" }");
      JsonNode tok =
          ok(as(s, ROOT, "PUT", "/v1/acl/token", "{\"Policies\":[{\"ID\":\"" + pid + "\"}]}"));
      String secret = tok.get("SecretID").asText();
      ok(as(s, ROOT, "PUT", "/v1/kv/app/x", "old"));
      HttpResponse<String> first = as(s, secret, "GET", "/v1/kv/app/x", null);
      int before = parkedWatchers(s);
      CompletableFuture<HttpResponse<String>> parked = park(s, secret, TestServer.index(first));
      awaitParked(s, before + 2);

      ok(
          as(
              s,
              ROOT,
              "PUT",
              "/v1/acl/policy/" + pid,
              "{\"Name\":\"app-read\",\"Rules\":\"key_prefix \\\"other/\\\" { policy = \\\"read\\\" }\"}"));
      ok(as(s, ROOT, "PUT", "/v1/kv/app/x", "new-secret-value"));
      HttpResponse<String> r = parked.get(10, TimeUnit.SECONDS);
      assertEquals(403, r.statusCode(), r.body());
      assertTrue(r.body().startsWith("Permission denied: token with AccessorID"), r.body());
      assertTrue(r.body().contains("'key:read'"), r.body());
    }
  }

  @Test
  void aclChangeThatKeepsThePermissionKeepsTheQueryParked() throws Exception {
    try (TestServer s = server()) {
      String pid = policy(s, "key_prefix \"app/\" { policy = \"read\" }");
      String secret =
          ok(as(s, ROOT, "PUT", "/v1/acl/token", "{\"Policies\":[{\"ID\":\"" + pid + "\"}]}"))
              .get("SecretID")
              .asText();
      ok(as(s, ROOT, "PUT", "/v1/kv/app/x", "old"));
      HttpResponse<String> first = as(s, secret, "GET", "/v1/kv/app/x", null);
      int before = parkedWatchers(s);
      CompletableFuture<HttpResponse<String>> parked = park(s, secret, TestServer.index(first));
      awaitParked(s, before + 2);
      // an unrelated token: wakes the query, which re-authorizes and parks again
      ok(as(s, ROOT, "PUT", "/v1/acl/token", "{\"Description\":\"unrelated\"}"));
      awaitParked(s, before + 2);
      assertTrue(!parked.isDone(), "answered on an ACL change that did not touch its data");
      ok(as(s, ROOT, "PUT", "/v1/kv/app/x", "new"));
      HttpResponse<String> r = parked.get(10, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("bmV3"), r.body()); // base64("new")
    }
  }
}
