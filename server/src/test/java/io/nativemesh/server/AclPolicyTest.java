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
import static io.nativemesh.server.AclFixture.ok;
import static io.nativemesh.server.AclFixture.policy;
import static io.nativemesh.server.AclFixture.server;
import static io.nativemesh.server.AclFixture.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACL policies, roles, identities and the rules language enforced through the HTTP API (Consul API:
 * {@code /v1/acl/policy}, {@code /v1/acl/role}, {@code /v1/acl/token}, {@code /v1/acl/bootstrap}),
 * with {@code default_policy = deny}.
 */
class AclPolicyTest {
  @Test
  void keyRulesLongestPrefixAndExactWin() {
    try (TestServer s = server(null)) {
      String p =
          policy(
              s,
              "kv",
              "key_prefix \"\" { policy = \"read\" }\n"
                  + "key_prefix \"app/\" { policy = \"write\" }\n"
                  + "key_prefix \"app/secret/\" { policy = \"deny\" }\n"
                  + "key \"app/secret/public\" { policy = \"read\" }");
      String t = token(s, "{\"Policies\":[{\"ID\":\"" + p + "\"}]}");
      assertEquals(200, as(s, ROOT, "PUT", "/v1/kv/other", "x").statusCode());
      assertEquals(200, as(s, ROOT, "PUT", "/v1/kv/app/secret/public", "x").statusCode());
      assertEquals(200, as(s, t, "GET", "/v1/kv/other", null).statusCode());
      HttpResponse<String> w = as(s, t, "PUT", "/v1/kv/other", "y");
      assertEquals(403, w.statusCode());
      assertTrue(w.body().contains("lacks permission 'key:write' on \"other\""), w.body());
      assertEquals(200, as(s, t, "PUT", "/v1/kv/app/x", "y").statusCode());
      assertEquals(403, as(s, t, "PUT", "/v1/kv/app/secret/x", "y").statusCode());
      assertEquals(403, as(s, t, "GET", "/v1/kv/app/secret/x", null).statusCode());
      assertEquals(200, as(s, t, "GET", "/v1/kv/app/secret/public", null).statusCode());
      assertEquals(403, as(s, t, "PUT", "/v1/kv/app/secret/public", "z").statusCode());
      // operator and acl are not granted
      assertEquals(403, as(s, t, "GET", "/v1/connect/ca/configuration", null).statusCode());
      assertEquals(403, as(s, t, "GET", "/v1/acl/policies", null).statusCode());
    }
  }

  @Test
  void jsonRulesServiceAndOperator() {
    try (TestServer s = server(null)) {
      String p =
          policy(
              s,
              "svc",
              "{\"service_prefix\":{\"api-\":{\"policy\":\"write\"}},"
                  + "\"service\":{\"api-admin\":{\"policy\":\"read\"}},\"operator\":\"read\"}");
      String t = token(s, "{\"Policies\":[{\"Name\":\"svc\"}]}");
      assertEquals(
          200,
          as(s, t, "PUT", "/v1/agent/service/register", "{\"Name\":\"api-users\"}").statusCode());
      assertEquals(
          403,
          as(s, t, "PUT", "/v1/agent/service/register", "{\"Name\":\"api-admin\"}").statusCode());
      assertEquals(
          403, as(s, t, "PUT", "/v1/agent/service/register", "{\"Name\":\"web\"}").statusCode());
      assertEquals(200, as(s, t, "GET", "/v1/connect/ca/configuration", null).statusCode());
      assertEquals(403, as(s, t, "PUT", "/v1/connect/ca/configuration", "{}").statusCode());
      assertEquals(200, as(s, t, "GET", "/v1/catalog/services", null).statusCode());
    }
  }

  @Test
  void rolesAndNodeIdentitiesGrantTheirPolicies() {
    try (TestServer s = server(null)) {
      String p = policy(s, "sessions", "session_prefix \"\" { policy = \"write\" }");
      JsonNode role =
          ok(
              as(
                  s,
                  ROOT,
                  "PUT",
                  "/v1/acl/role",
                  "{\"Name\":\"worker\",\"Policies\":[{\"ID\":\""
                      + p
                      + "\"}],\"NodeIdentities\":[{\"NodeName\":\"acl-node\",\"Datacenter\":\"dc1\"}]}"));
      assertEquals("sessions", role.get("Policies").get(0).get("Name").asText());
      String roleId = role.get("ID").asText();
      assertEquals(
          roleId, ok(as(s, ROOT, "GET", "/v1/acl/role/name/worker", null)).get("ID").asText());
      assertEquals(1, ok(as(s, ROOT, "GET", "/v1/acl/roles?policy=" + p, null)).size());
      String t = token(s, "{\"Roles\":[{\"Name\":\"worker\"}]}");
      JsonNode self = ok(as(s, t, "GET", "/v1/acl/token/self", null));
      assertEquals(roleId, self.get("Roles").get(0).get("ID").asText());
      assertEquals(200, as(s, t, "PUT", "/v1/session/create", "{}").statusCode());
      // the node identity grants node:write on the node
      assertEquals(
          200,
          as(s, t, "PUT", "/v1/agent/check/register", "{\"Name\":\"disk\",\"TTL\":\"30s\"}")
              .statusCode());
      // dropping the policy from the role revokes session:write
      ok(as(s, ROOT, "PUT", "/v1/acl/role/" + roleId, "{\"Name\":\"worker\"}"));
      assertEquals(403, as(s, t, "PUT", "/v1/session/create", "{}").statusCode());
      assertEquals(200, as(s, ROOT, "DELETE", "/v1/acl/role/" + roleId, null).statusCode());
      assertEquals(0, ok(as(s, ROOT, "GET", "/v1/acl/roles", null)).size());
    }
  }

  @Test
  void policyCrudValidationAndBuiltin() {
    try (TestServer s = server(null)) {
      String id = policy(s, "p1", "node_prefix \"\" { policy = \"read\" }");
      JsonNode list = ok(as(s, ROOT, "GET", "/v1/acl/policies", null));
      assertEquals(2, list.size());
      assertEquals("global-management", list.get(0).get("Name").asText());
      assertEquals("p1", ok(as(s, ROOT, "GET", "/v1/acl/policy/" + id, null)).get("Name").asText());
      assertEquals(id, ok(as(s, ROOT, "GET", "/v1/acl/policy/name/p1", null)).get("ID").asText());
      HttpResponse<String> bad =
          as(
              s,
              ROOT,
              "PUT",
              "/v1/acl/policy",
              "{\"Name\":\"p2\",\"Rules\":\"key_prefix \\\"\\\" { policy = \\\"rw\\\" }\"}");
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().startsWith("Failed to parse ACL rules"), bad.body());
      assertEquals(
          400,
          as(s, ROOT, "PUT", "/v1/acl/policy", "{\"Name\":\"p1\",\"Rules\":\"\"}").statusCode());
      assertEquals(
          400,
          as(
                  s,
                  ROOT,
                  "PUT",
                  "/v1/acl/policy",
                  "{\"Name\":\"x\",\"Rules\":\"bogus \\\"a\\\" { policy = \\\"read\\\" }\"}")
              .statusCode());
      assertEquals(
          400,
          as(s, ROOT, "DELETE", "/v1/acl/policy/00000000-0000-0000-0000-000000000001", null)
              .statusCode());
      assertEquals(
          400,
          as(s, ROOT, "PUT", "/v1/acl/token", "{\"Policies\":[{\"Name\":\"nope\"}]}").statusCode());
      ok(as(s, ROOT, "PUT", "/v1/acl/policy/" + id, "{\"Name\":\"p1-renamed\",\"Rules\":\"\"}"));
      assertEquals(200, as(s, ROOT, "DELETE", "/v1/acl/policy/" + id, null).statusCode());
      assertEquals(1, ok(as(s, ROOT, "GET", "/v1/acl/policies", null)).size());
      assertEquals(400, as(s, ROOT, "GET", "/v1/acl/auth-methods", null).statusCode());
    }
  }

  @Test
  void bootstrapOnceAndEverythingSurvivesARestart(@TempDir Path dir) {
    String secret;
    String policyId;
    try (TestServer s = new TestServer(AclFixture.config(dir, null))) {
      JsonNode boot = ok(as(s, null, "PUT", "/v1/acl/bootstrap", null));
      secret = boot.get("SecretID").asText();
      assertEquals("global-management", boot.get("Policies").get(0).get("Name").asText());
      HttpResponse<String> again = as(s, null, "PUT", "/v1/acl/bootstrap", null);
      assertEquals(403, again.statusCode());
      assertTrue(again.body().startsWith("ACL bootstrap no longer allowed"), again.body());
      policyId =
          ok(as(
                  s,
                  secret,
                  "PUT",
                  "/v1/acl/policy",
                  "{\"Name\":\"ro\",\"Rules\":\"key_prefix \\\"\\\" { policy = \\\"read\\\" }\"}"))
              .get("ID")
              .asText();
      ok(
          as(
              s,
              secret,
              "PUT",
              "/v1/acl/token",
              "{\"SecretID\":\"" + ROOT + "\",\"Policies\":[{\"ID\":\"" + policyId + "\"}]}"));
    }
    try (TestServer s = new TestServer(AclFixture.config(dir, null))) {
      assertEquals(200, as(s, secret, "PUT", "/v1/kv/a", "1").statusCode());
      assertEquals(200, as(s, ROOT, "GET", "/v1/kv/a", null).statusCode());
      assertEquals(403, as(s, ROOT, "PUT", "/v1/kv/a", "2").statusCode());
      assertEquals(
          "ro", ok(as(s, secret, "GET", "/v1/acl/policy/" + policyId, null)).get("Name").asText());
    }
  }
}
