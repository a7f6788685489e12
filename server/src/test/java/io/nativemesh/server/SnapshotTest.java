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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/snapshot} under write load, {@code PUT /v1/snapshot} into a fresh durable server,
 * and a restart of that server (docs/backup-restore.md): every key, session, intention, ACL token
 * and the CA come back as they were at the snapshot's index.
 */
class SnapshotTest {
  static final String ROOT = "11111111-2222-3333-4444-555555555555";
  static final int WRITERS = 4;

  private static TestServer server(Path dir) {
    ServerConfig.Builder b =
        ServerConfig.builder()
            .dev(true)
            .nodeName("snap-node")
            .acl(true, io.nativemesh.server.DefaultIntentionPolicy.ALLOW, ROOT);
    if (dir != null) {
      b.dataDir(dir);
    }
    return new TestServer(b);
  }

  private static HttpResponse<String> as(TestServer s, String method, String path, String body) {
    return s.send(
        HttpRequest.newBuilder(s.uri(path))
            .header("X-Consul-Token", ROOT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<byte[]> save(TestServer s, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/v1/snapshot")).GET();
    if (token != null) {
      b.header("X-Consul-Token", token);
    }
    return java.net.http.HttpClient.newHttpClient()
        .send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Keys with their values and indexes; the written ones up to {@code maxIndex}. */
  private static TreeMap<String, String> keys(TestServer s, long maxIndex) {
    TreeMap<String, String> out = new TreeMap<>();
    JsonNode all = TestServer.json(as(s, "GET", "/v1/kv/?recurse", null));
    for (JsonNode e : all) {
      if (e.get("ModifyIndex").asLong() <= maxIndex) {
        out.put(e.get("Key").asText(), e.toString());
      }
    }
    return out;
  }

  private static String sorted(TestServer s, String path, String idField) {
    TreeMap<String, String> out = new TreeMap<>();
    for (JsonNode e : TestServer.json(as(s, "GET", path, null))) {
      out.put(e.get(idField).asText(), e.toString());
    }
    return out.toString();
  }

  @Test
  void aSnapshotTakenUnderLoadRestoresEverythingIntoAFreshServer(@TempDir Path dir)
      throws Exception {
    String sessions;
    String intentions;
    String tokens;
    String roots;
    String caConfig;
    TreeMap<String, String> expectedKeys;
    byte[] archive;
    long snapIndex;
    try (TestServer src = server(null)) {
      assertEquals(
          200,
          as(
                  src,
                  "PUT",
                  "/v1/acl/token",
                  "{\"Description\":\"web\",\"ServiceIdentities\":[{\"ServiceName\":\"web\"}]}")
              .statusCode());
      as(
          src,
          "PUT",
          "/v1/connect/intentions/exact?source=web&destination=db",
          "{\"Action\":\"allow\"}");
      as(
          src,
          "PUT",
          "/v1/connect/intentions/exact?source=*&destination=db",
          "{\"Action\":\"deny\"}");
      as(src, "PUT", "/v1/session/create", "{\"Name\":\"ttl\",\"TTL\":\"60s\"}");
      String holder =
          TestServer.json(as(src, "PUT", "/v1/session/create", "{\"Name\":\"lock\"}"))
              .get("ID")
              .asText();
      as(src, "PUT", "/v1/kv/locks/leader?acquire=" + holder, "me");
      as(src, "PUT", "/v1/kv/flags?flags=18446744073709551615", "max");
      as(src, "PUT", "/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":8080}");

      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        Thread t =
            new Thread(
                () -> {
                  try {
                    for (int n = 0; !stop.get(); n++) {
                      HttpResponse<String> r =
                          as(src, "PUT", "/v1/kv/load/" + id + "/" + n, "v" + n);
                      if (r.statusCode() != 200) {
                        throw new AssertionError(r.statusCode() + " " + r.body());
                      }
                    }
                  } catch (Throwable e) {
                    failure.set(e);
                  }
                });
        t.start();
        writers.add(t);
      }
      Thread.sleep(300); // the writers are running
      assertEquals(403, save(src, null).statusCode(), "the archive holds every secret");
      HttpResponse<byte[]> saved = save(src, ROOT);
      Thread.sleep(100); // and keep writing after the snapshot
      stop.set(true);
      for (Thread t : writers) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
      assertEquals(200, saved.statusCode());
      archive = saved.body();
      snapIndex = Long.parseLong(saved.headers().firstValue("X-Consul-Index").orElseThrow());
      expectedKeys = keys(src, snapIndex);
      assertTrue(
          keys(src, Long.MAX_VALUE).size() > expectedKeys.size(),
          "writes landed after the snapshot");
      // each writer writes its keys one after the other: in one consistent cut, the keys of each
      // writer are exactly 0..n-1, with no hole
      for (int w = 0; w < WRITERS; w++) {
        int n = 0;
        for (String k : expectedKeys.keySet()) {
          if (k.startsWith("load/" + w + "/")) {
            n++;
          }
        }
        assertTrue(n > 0, "writer " + w + " wrote before the snapshot");
        for (int i = 0; i < n; i++) {
          assertTrue(
              expectedKeys.containsKey("load/" + w + "/" + i), "hole at load/" + w + "/" + i);
        }
      }
      sessions = sorted(src, "/v1/session/list", "ID");
      intentions = sorted(src, "/v1/connect/intentions", "ID");
      tokens = sorted(src, "/v1/acl/tokens", "AccessorID");
      roots = as(src, "GET", "/v1/connect/ca/roots", null).body();
      caConfig = as(src, "GET", "/v1/connect/ca/configuration", null).body();
    }

    try (TestServer dst = server(dir)) {
      assertEquals(400, as(dst, "PUT", "/v1/snapshot", null).statusCode(), "empty archive");
      HttpResponse<String> r =
          dst.send(
              HttpRequest.newBuilder(dst.uri("/v1/snapshot"))
                  .header("X-Consul-Token", ROOT)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(archive)));
      assertEquals(200, r.statusCode(), r.body());
      assertRestored(dst, snapIndex, expectedKeys, sessions, intentions, tokens, roots, caConfig);
      assertTrue(
          TestServer.index(as(dst, "GET", "/v1/kv/flags", null)) >= 1
              && TestServer.index(as(dst, "GET", "/v1/catalog/services", null)) > snapIndex,
          "indexes after a restore are above the snapshot's");
      // the restored state keeps working: a write, a lock held by a restored session
      assertEquals("true", as(dst, "PUT", "/v1/kv/after", "x").body());
    }
    // the restore is durable: a restart replays it
    try (TestServer again = server(dir)) {
      assertRestored(again, snapIndex, expectedKeys, sessions, intentions, tokens, roots, caConfig);
      assertTrue(as(again, "GET", "/v1/kv/after", null).statusCode() == 200);
    }
  }

  private static void assertRestored(
      TestServer s,
      long snapIndex,
      TreeMap<String, String> expectedKeys,
      String sessions,
      String intentions,
      String tokens,
      String roots,
      String caConfig) {
    assertEquals(expectedKeys, keys(s, snapIndex));
    assertEquals(sessions, sorted(s, "/v1/session/list", "ID"));
    assertEquals(intentions, sorted(s, "/v1/connect/intentions", "ID"));
    assertEquals(tokens, sorted(s, "/v1/acl/tokens", "AccessorID"));
    assertEquals(roots, as(s, "GET", "/v1/connect/ca/roots", null).body());
    assertEquals(caConfig, as(s, "GET", "/v1/connect/ca/configuration", null).body());
    JsonNode web = TestServer.json(as(s, "GET", "/v1/agent/service/web", null));
    assertEquals(8080, web.get("Port").asInt());
    assertTrue(
        expectedKeys.get("locks/leader").contains("\"Session\""), expectedKeys.get("locks/leader"));
  }

  @Test
  void anArchiveOfAnotherNodeIsRefused() throws Exception {
    byte[] archive;
    try (TestServer src = server(null)) {
      archive = save(src, ROOT).body();
    }
    try (TestServer other =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("other-node")
                .acl(true, io.nativemesh.server.DefaultIntentionPolicy.ALLOW, ROOT))) {
      HttpResponse<String> r =
          other.send(
              HttpRequest.newBuilder(other.uri("/v1/snapshot"))
                  .header("X-Consul-Token", ROOT)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(archive)));
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("saved by node \"snap-node\""), r.body());
    }
  }

  @Test
  void aCorruptOrForeignArchiveIsRefusedAndChangesNothing() {
    try (TestServer s = server(null)) {
      as(s, "PUT", "/v1/kv/keep", "x");
      HttpResponse<String> r = as(s, "PUT", "/v1/snapshot", "not gzip");
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(
          r.body().startsWith("Snapshot restore failed: not a NativeMesh snapshot"), r.body());
      assertEquals(200, as(s, "GET", "/v1/kv/keep", null).statusCode());
    }
  }
}
