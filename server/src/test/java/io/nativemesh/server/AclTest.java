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

import static io.nativemesh.server.AclFixture.ROOT;
import static io.nativemesh.server.AclFixture.as;
import static io.nativemesh.server.AclFixture.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACL subset: management token, service-identity tokens, default deny, durability. */
class AclTest {
  // tag::acl-service-token[]
  private static JsonNode createServiceToken(TestServer s, String service) {
    HttpResponse<String> r =
        as(
            s,
            ROOT,
            "PUT",
            "/v1/acl/token",
            "{\"Description\":\""
                + service
                + "\",\"ServiceIdentities\":[{\"ServiceName\":\""
                + service
                + "\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  // end::acl-service-token[]

  @Test
  void serviceTokenActsOnlyAsItsService() {
    try (TestServer s = server(null)) {
      HttpResponse<String> anon = s.put("/v1/agent/service/register", "{\"Name\":\"web\"}");
      assertEquals(403, anon.statusCode());
      assertTrue(
          anon.body()
              .startsWith(
                  "Permission denied: token with AccessorID '00000000-0000-0000-0000-000000000002'"),
          anon.body());
      assertEquals(403, s.get("/v1/kv/x").statusCode());
      HttpResponse<String> unknown = as(s, "nope", "GET", "/v1/agent/services", null);
      assertEquals(403, unknown.statusCode());
      assertEquals("ACL not found", unknown.body());

      JsonNode tok = createServiceToken(s, "web");
      String secret = tok.get("SecretID").asText();
      String accessor = tok.get("AccessorID").asText();
      JsonNode read = TestServer.json(as(s, ROOT, "GET", "/v1/acl/token/" + accessor, null));
      assertEquals("web", read.get("ServiceIdentities").get(0).get("ServiceName").asText());
      assertEquals(403, as(s, secret, "GET", "/v1/acl/token/" + accessor, null).statusCode());

      assertEquals(
          200,
          as(s, secret, "PUT", "/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":80}")
              .statusCode());
      HttpResponse<String> other =
          as(s, secret, "PUT", "/v1/agent/service/register", "{\"Name\":\"db\"}");
      assertEquals(403, other.statusCode());
      assertEquals(
          "Permission denied: token with AccessorID '"
              + accessor
              + "' lacks permission 'service:write' on \"db\"",
          other.body());
      assertEquals(
          200,
          s.send(
                  HttpRequest.newBuilder(s.uri("/v1/agent/connect/ca/leaf/web"))
                      .header("Authorization", "Bearer " + secret)
                      .GET())
              .statusCode());
      assertEquals(403, s.get("/v1/agent/connect/ca/leaf/db?token=" + secret).statusCode());
      String auth =
          "{\"Target\":\"%s\",\"ClientCertURI\":\"spiffe://x.consul/ns/default/dc/dc1/svc/api\"}";
      assertEquals(
          200,
          as(s, secret, "POST", "/v1/agent/connect/authorize", auth.formatted("web")).statusCode());
      assertEquals(
          403,
          as(s, secret, "POST", "/v1/agent/connect/authorize", auth.formatted("db")).statusCode());
      assertEquals(
          200,
          as(s, secret, "GET", "/v1/connect/intentions/match?by=destination&name=web", null)
              .statusCode());
      // Consul: a service identity's synthesized service_prefix "" read implies intentions read
      assertEquals(
          200,
          as(s, secret, "GET", "/v1/connect/intentions/match?by=destination&name=db", null)
              .statusCode());
      assertEquals(200, as(s, secret, "GET", "/v1/health/service/web", null).statusCode());
      assertEquals(403, as(s, secret, "PUT", "/v1/kv/x", "v").statusCode());
      assertEquals(200, as(s, ROOT, "PUT", "/v1/kv/x", "v").statusCode());

      assertEquals(200, as(s, ROOT, "DELETE", "/v1/acl/token/" + accessor, null).statusCode());
      assertEquals(
          "ACL not found",
          as(s, secret, "PUT", "/v1/agent/service/register", "{\"Name\":\"web\"}").body());
    }
  }

  @Test
  void tokensSurviveRestart(@TempDir Path dir) {
    String secret;
    try (TestServer s = server(dir)) {
      secret = createServiceToken(s, "api").get("SecretID").asText();
    }
    try (TestServer s = server(dir)) {
      assertEquals(
          200,
          as(s, secret, "PUT", "/v1/agent/service/register", "{\"Name\":\"api\"}").statusCode());
      assertEquals(
          403,
          as(s, secret, "PUT", "/v1/agent/service/register", "{\"Name\":\"web\"}").statusCode());
    }
  }
}
