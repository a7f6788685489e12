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

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * What the ACL tests share: a dev server with ACLs on and {@code default_policy = deny}, requests
 * under a token, and the management calls that create policies and tokens.
 */
final class AclFixture {
  /** The initial management token of the servers built here. */
  static final String ROOT = "11111111-2222-3333-4444-555555555555";

  private AclFixture() {}

  /**
   * @param dir data directory, or null for an in-memory server
   * @param root the initial management token, or null for none
   * @return the configuration, for the caller to extend (clock, …)
   */
  static ServerConfig.Builder config(Path dir, String root) {
    ServerConfig.Builder b =
        ServerConfig.builder()
            .dev(true)
            .nodeName("acl-node")
            .acl(true, DefaultIntentionPolicy.DENY, root);
    if (dir != null) {
      b.dataDir(dir);
    }
    return b;
  }

  static TestServer server(Path dir) {
    return new TestServer(config(dir, ROOT));
  }

  static HttpResponse<String> as(
      TestServer s, String token, String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(s.uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-Consul-Token", token);
    }
    return s.send(b);
  }

  static JsonNode ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** Creates a policy under the management token and returns its ID. */
  static String policy(TestServer s, String name, String rules) {
    return ok(as(
            s,
            ROOT,
            "PUT",
            "/v1/acl/policy",
            "{\"Name\":\"" + name + "\",\"Rules\":" + quote(rules) + "}"))
        .get("ID")
        .asText();
  }

  /** Creates a token from a {@code PUT /v1/acl/token} body and returns its secret. */
  static String token(TestServer s, String body) {
    return ok(as(s, ROOT, "PUT", "/v1/acl/token", body)).get("SecretID").asText();
  }
}
