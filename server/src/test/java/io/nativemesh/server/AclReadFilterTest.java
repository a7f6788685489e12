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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-item ACL filtering of catalog, health, agent and UI reads (Consul's {@code acl/filter}), with
 * {@code X-Consul-Results-Filtered-By-ACLs: true} when something was left out.
 */
class AclReadFilterTest {
  static final String ROOT = "11111111-2222-3333-4444-555555555555";
  static TestServer s;
  static String webReader;
  static String webOnlyNoNode;

  @BeforeAll
  static void start() {
    s =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("acl-node")
                .acl(true, DefaultIntentionPolicy.DENY, ROOT));
    for (String svc : List.of("web", "db")) {
      ok(
          as(
              s,
              ROOT,
              "PUT",
              "/v1/agent/service/register",
              "{\"Name\":\"" + svc + "\",\"Port\":80,\"Check\":{\"TTL\":\"30s\"}}"));
    }
    webReader =
        token(
            "service \\\"web\\\" { policy = \\\"read\\\" }\\nnode_prefix \\\"\\\" { policy ="
                + " \\\"read\\\" }");
    webOnlyNoNode = token("service \\\"web\\\" { policy = \\\"read\\\" }");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static String token(String rules) {
    String name = "p" + Integer.toHexString(rules.hashCode());
    String pid =
        ok(as(
                s,
                ROOT,
                "PUT",
                "/v1/acl/policy",
                "{\"Name\":\"" + name + "\",\"Rules\":\"" + rules + "\"}"))
            .get("ID")
            .asText();
    return ok(as(s, ROOT, "PUT", "/v1/acl/token", "{\"Policies\":[{\"ID\":\"" + pid + "\"}]}"))
        .get("SecretID")
        .asText();
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  private static Optional<String> filtered(HttpResponse<String> r) {
    return r.headers().firstValue("X-Consul-Results-Filtered-By-ACLs");
  }

  private static List<String> field(JsonNode array, String name) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(name).asText()));
    return out;
  }

  @Test
  void catalogServicesListOnlyReadableServices() {
    HttpResponse<String> r = as(s, webReader, "GET", "/v1/catalog/services", null);
    JsonNode body = ok(r);
    assertTrue(body.has("web"), r.body());
    assertFalse(body.has("db"), r.body());
    assertEquals(Optional.of("true"), filtered(r));
    HttpResponse<String> all = as(s, ROOT, "GET", "/v1/catalog/services", null);
    assertTrue(ok(all).has("db"));
    assertEquals(Optional.empty(), filtered(all));
  }

  @Test
  void unreadableServiceIsAnEmptyList() {
    HttpResponse<String> db = as(s, webReader, "GET", "/v1/catalog/service/db", null);
    assertEquals(0, ok(db).size());
    assertEquals(Optional.of("true"), filtered(db));
    HttpResponse<String> web = as(s, webReader, "GET", "/v1/catalog/service/web", null);
    assertEquals(List.of("web"), field(ok(web), "ServiceName"));
    assertEquals(Optional.empty(), filtered(web));
    HttpResponse<String> health = as(s, webReader, "GET", "/v1/health/service/db", null);
    assertEquals(0, ok(health).size());
    assertEquals(Optional.of("true"), filtered(health));
    assertEquals(1, ok(as(s, webReader, "GET", "/v1/health/service/web", null)).size());
    // service:read without node:read: the instance is hidden too (its node is unreadable)
    assertEquals(0, ok(as(s, webOnlyNoNode, "GET", "/v1/catalog/service/web", null)).size());
  }

  @Test
  void nodesNeedNodeRead() {
    HttpResponse<String> none = as(s, webOnlyNoNode, "GET", "/v1/catalog/nodes", null);
    assertEquals(0, ok(none).size());
    assertEquals(Optional.of("true"), filtered(none));
    assertEquals(
        List.of("acl-node"), field(ok(as(s, webReader, "GET", "/v1/catalog/nodes", null)), "Node"));
  }

  @Test
  void coordinatesNeedNodeRead() {
    HttpResponse<String> none = as(s, webOnlyNoNode, "GET", "/v1/coordinate/nodes", null);
    assertEquals(0, ok(none).size());
    assertEquals(Optional.of("true"), filtered(none));
    HttpResponse<String> mine = as(s, webReader, "GET", "/v1/coordinate/nodes", null);
    assertEquals(List.of("acl-node"), field(ok(mine), "Node"));
    assertEquals(Optional.empty(), filtered(mine));
    HttpResponse<String> denied = as(s, webOnlyNoNode, "GET", "/v1/coordinate/node/acl-node", null);
    assertEquals(403, denied.statusCode());
    assertTrue(denied.body().contains("lacks permission 'node:read'"), denied.body());
    assertEquals(
        List.of("acl-node"),
        field(ok(as(s, webReader, "GET", "/v1/coordinate/node/acl-node", null)), "Node"));
    assertEquals(403, as(s, "not-a-token", "GET", "/v1/coordinate/nodes", null).statusCode());
  }

  @Test
  void healthStateAndAgentReadsAreFiltered() {
    HttpResponse<String> state = as(s, webReader, "GET", "/v1/health/state/any", null);
    List<String> services = field(ok(state), "ServiceName");
    assertTrue(services.contains("web"), state.body());
    assertFalse(services.contains("db"), state.body());
    assertEquals(Optional.of("true"), filtered(state));

    HttpResponse<String> agent = as(s, webReader, "GET", "/v1/agent/services", null);
    List<String> names = new ArrayList<>();
    ok(agent).forEach(n -> names.add(n.get("Service").asText()));
    assertEquals(List.of("web"), names);
    assertEquals(Optional.of("true"), filtered(agent));

    HttpResponse<String> checks = as(s, webReader, "GET", "/v1/agent/checks", null);
    List<String> checkServices = new ArrayList<>();
    ok(checks).forEach(n -> checkServices.add(n.get("ServiceName").asText()));
    assertEquals(List.of("web"), checkServices);
    assertEquals(Optional.of("true"), filtered(checks));

    HttpResponse<String> ui = as(s, webReader, "GET", "/v1/internal/ui/services", null);
    List<String> uiNames = new ArrayList<>();
    ok(ui).forEach(n -> uiNames.add(n.get("Service").get("Service").asText()));
    assertFalse(uiNames.contains("db"), ui.body());
    assertTrue(uiNames.contains("web"), ui.body());
  }

  @Test
  void anonymousWithDenySeesNothingRatherThanA403() {
    HttpResponse<String> r = s.get("/v1/catalog/services");
    assertEquals("{}", r.body());
    assertEquals(Optional.of("true"), filtered(r));
    assertEquals(403, as(s, "unknown-secret", "GET", "/v1/catalog/services", null).statusCode());
  }
}
