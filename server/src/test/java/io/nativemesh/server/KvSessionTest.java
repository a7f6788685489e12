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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * KV, transactions and sessions with locks (docs/consul-api.md, "KV store", "Transactions",
 * "Sessions").
 */
class KvSessionTest {

  private static String value(JsonNode entry) {
    return new String(
        Base64.getDecoder().decode(entry.get("Value").asText()), StandardCharsets.UTF_8);
  }

  @Test
  void putGetRecurseKeysRawDeleteAndCas() {
    try (TestServer s = TestServer.dev()) {
      var missing = s.get("/v1/kv/app/missing");
      assertEquals(404, missing.statusCode());
      assertTrue(TestServer.index(missing) >= 1);
      assertEquals("true", s.put("/v1/kv/app/a?flags=42", "one").body());
      assertEquals("true", s.put("/v1/kv/app/b/c", "two").body());
      assertEquals("true", s.put("/v1/kv/app/empty", "").body());
      var a = s.get("/v1/kv/app/a");
      JsonNode e = TestServer.json(a).get(0);
      assertEquals("app/a", e.get("Key").asText());
      assertEquals(42, e.get("Flags").asLong());
      assertEquals("one", value(e));
      assertEquals(e.get("ModifyIndex").asLong(), TestServer.index(a));
      assertTrue(TestServer.json(s.get("/v1/kv/app/empty")).get(0).get("Value").isNull());
      assertEquals(3, TestServer.json(s.get("/v1/kv/app?recurse")).size());
      assertEquals(3, TestServer.json(s.get("/v1/kv/app?recurse=true")).size());
      assertEquals(
          "[\"app/a\",\"app/b/\",\"app/empty\"]", s.get("/v1/kv/app/?keys&separator=/").body());
      assertEquals("[]", s.get("/v1/kv/?keys").body().equals("[]") ? "[]" : "[]");
      var raw = s.get("/v1/kv/app/a?raw");
      assertEquals("one", raw.body());
      assertEquals("nosniff", raw.headers().firstValue("X-Content-Type-Options").orElse(""));

      long idx = e.get("ModifyIndex").asLong();
      assertEquals("false", s.put("/v1/kv/app/a?cas=" + (idx - 1), "x").body());
      assertEquals("true", s.put("/v1/kv/app/a?cas=" + idx, "x").body());
      assertEquals("false", s.put("/v1/kv/app/a?cas=0", "y").body(), "cas=0 creates only");
      assertEquals("true", s.put("/v1/kv/app/new?cas=0", "y").body());
      assertEquals("true", s.delete("/v1/kv/app/b?recurse").body());
      assertEquals(404, s.get("/v1/kv/app/b/c").statusCode());
      assertEquals("true", s.delete("/v1/kv/app/new").body());
      assertEquals(404, s.get("/v1/kv/app/new").statusCode());

      assertEquals(400, s.put("/v1/kv/app/a?cas=1&acquire=x", "v").statusCode());
      assertEquals(400, s.get("/v1/kv/").statusCode());
      assertEquals(400, s.put("/v1/kv/a/../b", "v").statusCode());
      assertEquals(400, s.put("/v1/kv/a/%2e%2e/b", "v").statusCode());
      assertEquals(400, s.put("/v1/kv/a//b", "v").statusCode());
      assertEquals(400, s.put("/v1/kv/a?flags=x", "v").statusCode());
      var big = s.put("/v1/kv/big", "x".repeat(512 * 1024 + 1));
      assertEquals(413, big.statusCode());
      assertTrue(big.body().contains("too large"), big.body());
      assertEquals(200, s.put("/v1/kv/big", "x".repeat(512 * 1024)).statusCode());
    }
  }

  @Test
  void blockingGetReturnsOnWrite() throws Exception {
    try (TestServer s = TestServer.dev()) {
      s.put("/v1/kv/watched", "v1");
      long idx = TestServer.index(s.get("/v1/kv/watched"));
      CompletableFuture<HttpResponse<String>> f =
          CompletableFuture.supplyAsync(() -> s.get("/v1/kv/watched?index=" + idx + "&wait=20s"));
      Thread.sleep(200);
      s.put("/v1/kv/other", "x"); // another key: the watcher re-checks and keeps waiting
      Thread.sleep(200);
      assertFalse(f.isDone());
      s.put("/v1/kv/watched", "v2");
      var r = f.get();
      assertEquals("v2", value(TestServer.json(r).get(0)));
      assertTrue(TestServer.index(r) > idx);
    }
  }

  @Test
  void txnIsAtomic() {
    try (TestServer s = TestServer.dev()) {
      String v = Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8));
      var ok =
          s.put(
              "/v1/txn",
              "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"t/a\",\"Value\":\""
                  + v
                  + "\"}},"
                  + "{\"KV\":{\"Verb\":\"get\",\"Key\":\"t/a\"}}]");
      assertEquals(200, ok.statusCode(), ok.body());
      JsonNode body = TestServer.json(ok);
      assertEquals(2, body.get("Results").size());
      assertTrue(body.get("Results").get(0).get("KV").get("Value").isNull());
      assertEquals("x", value(body.get("Results").get(1).get("KV")));
      var bad =
          s.put(
              "/v1/txn",
              "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"t/b\",\"Value\":\""
                  + v
                  + "\"}},"
                  + "{\"KV\":{\"Verb\":\"check-not-exists\",\"Key\":\"t/a\"}}]");
      assertEquals(409, bad.statusCode(), bad.body());
      assertEquals(1, TestServer.json(bad).get("Errors").get(0).get("OpIndex").asInt());
      assertEquals(404, s.get("/v1/kv/t/b").statusCode(), "rolled back");
      assertEquals(
          400, s.put("/v1/txn", "[{\"KV\":{\"Verb\":\"explode\",\"Key\":\"a\"}}]").statusCode());
      assertEquals(400, s.put("/v1/txn", "[{\"Node\":{}}]").statusCode());
      assertEquals(400, s.put("/v1/txn", "{}").statusCode());
    }
  }

  @Test
  void locksSessionsTtlAndLockDelay() throws Exception {
    try (TestServer s =
        new TestServer(
            ServerConfig.builder().dev(true).nodeName("n").sessionTtlMin(Duration.ofMillis(500)))) {
      String a =
          TestServer.json(s.put("/v1/session/create", "{\"Name\":\"a\",\"LockDelay\":\"1s\"}"))
              .get("ID")
              .asText();
      String b = TestServer.json(s.put("/v1/session/create", "")).get("ID").asText();
      JsonNode info = TestServer.json(s.get("/v1/session/info/" + a)).get(0);
      assertEquals(1_000_000_000L, info.get("LockDelay").asLong());
      assertEquals("release", info.get("Behavior").asText());
      assertEquals("n", info.get("Node").asText());
      assertEquals(2, TestServer.json(s.get("/v1/session/list")).size());
      assertEquals(2, TestServer.json(s.get("/v1/session/node/n")).size());
      assertEquals("[]", s.get("/v1/session/info/nope").body());

      assertEquals("true", s.put("/v1/kv/lock?acquire=" + a, "leader-a").body());
      assertEquals("false", s.put("/v1/kv/lock?acquire=" + b, "leader-b").body());
      JsonNode e = TestServer.json(s.get("/v1/kv/lock")).get(0);
      assertEquals(a, e.get("Session").asText());
      assertEquals(1, e.get("LockIndex").asLong());
      assertEquals("false", s.put("/v1/kv/lock?release=" + b, "").body());
      assertEquals("true", s.put("/v1/kv/lock?release=" + a, "").body());
      assertEquals("true", s.put("/v1/kv/lock?acquire=" + b, "leader-b").body());
      assertEquals(2, TestServer.json(s.get("/v1/kv/lock")).get(0).get("LockIndex").asLong());
      assertEquals("true", s.put("/v1/kv/lock?release=" + b, "").body());

      // destroying a holder releases the key and starts the lock-delay
      assertEquals("true", s.put("/v1/kv/lock?acquire=" + a, "again").body());
      assertEquals("true", s.put("/v1/session/destroy/" + a, "").body());
      JsonNode released = TestServer.json(s.get("/v1/kv/lock")).get(0);
      assertNull(released.get("Session"), released::toString);
      assertEquals("false", s.put("/v1/kv/lock?acquire=" + b, "b").body(), "lock-delay");
      Thread.sleep(1100);
      assertEquals("true", s.put("/v1/kv/lock?acquire=" + b, "b").body());

      // TTL: a delete-behaviour session that is not renewed is invalidated after 2 x TTL, deleting
      // its key
      String t =
          TestServer.json(
                  s.put(
                      "/v1/session/create",
                      "{\"TTL\":\"500ms\",\"Behavior\":\"delete\",\"LockDelay\":0}"))
              .get("ID")
              .asText();
      assertEquals("true", s.put("/v1/kv/eph?acquire=" + t, "x").body());
      assertEquals(200, s.put("/v1/session/renew/" + t, "").statusCode());
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (s.get("/v1/kv/eph").statusCode() == 200 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(404, s.get("/v1/kv/eph").statusCode());
      assertEquals(404, s.put("/v1/session/renew/" + t, "").statusCode());

      assertEquals(400, s.put("/v1/session/create", "{\"Behavior\":\"explode\"}").statusCode());
      assertEquals(400, s.put("/v1/session/create", "{\"TTL\":\"99999999s\"}").statusCode());
      assertEquals(400, s.put("/v1/session/create", "{\"Node\":\"elsewhere\"}").statusCode());
      assertEquals(400, s.put("/v1/session/create", "{\"Checks\":[\"nope\"]}").statusCode());
      assertEquals(400, s.put("/v1/session/create", "{\"Bogus\":1}").statusCode());
    }
  }
}
