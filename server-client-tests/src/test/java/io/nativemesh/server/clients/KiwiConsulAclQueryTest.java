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
package io.nativemesh.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.AclClient;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.PreparedQueryClient;
import org.kiwiproject.consul.model.acl.ImmutablePolicy;
import org.kiwiproject.consul.model.acl.ImmutableRole;
import org.kiwiproject.consul.model.acl.ImmutableRoleLink;
import org.kiwiproject.consul.model.acl.ImmutableRoleNodeIdentity;
import org.kiwiproject.consul.model.acl.ImmutableRolePolicyLink;
import org.kiwiproject.consul.model.acl.ImmutableToken;
import org.kiwiproject.consul.model.acl.RoleResponse;
import org.kiwiproject.consul.model.acl.TokenResponse;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.query.ImmutablePreparedQuery;
import org.kiwiproject.consul.model.query.ImmutableServiceQuery;
import org.kiwiproject.consul.model.query.QueryResults;

/**
 * org.kiwiproject:consul-client against the companion server with ACLs on: policies, roles with
 * policy links and node identities, tokens linking roles (their rules enforced), and prepared
 * queries, all through the library's public API.
 */
class KiwiConsulAclQueryTest {
  static final String ROOT = "3c4d5e6f-7081-4a92-8ba3-b4c5d6e7f809";
  static ConsulServer server;
  static Consul consul;

  @BeforeAll
  static void start() throws Exception {
    server =
        ConsulServer.start(
            ServerConfig.builder()
                .dev(true)
                .nodeName("kiwi-acl")
                .acl(true, DefaultIntentionPolicy.DENY, ROOT)
                .httpPort(0)
                .build());
    consul = client(ROOT);
  }

  private static Consul client(String token) {
    return Consul.builder()
        .withUrl(server.httpUrl())
        .withAclToken(token)
        .withReadTimeoutMillis(30_000)
        .build();
  }

  @AfterAll
  static void stop() {
    consul.destroy();
    server.close();
  }

  @Test
  void rolesLinkPoliciesAndTokensLinkRoles() {
    AclClient acl = consul.aclClient();
    String policy =
        acl.createPolicy(
                ImmutablePolicy.builder()
                    .name("kiwi-sessions")
                    .rules("session_prefix \"\" { policy = \"write\" }")
                    .build())
            .id();
    assertEquals("kiwi-sessions", acl.readPolicyByName("kiwi-sessions").name());
    RoleResponse role =
        acl.createRole(
            ImmutableRole.builder()
                .name("kiwi-worker")
                .description("sessions on this node")
                .addPolicies(ImmutableRolePolicyLink.builder().id(policy).build())
                .addNodeIdentities(
                    ImmutableRoleNodeIdentity.builder().name("kiwi-acl").datacenter("dc1").build())
                .build());
    assertEquals("kiwi-sessions", role.policies().get(0).name().orElseThrow());
    assertEquals(role.id(), acl.readRoleByName("kiwi-worker").id());
    assertTrue(acl.listRoles().stream().anyMatch(r -> r.id().equals(role.id())));
    TokenResponse token =
        acl.createToken(
            ImmutableToken.builder()
                .description("kiwi worker")
                .addRoles(ImmutableRoleLink.builder().name("kiwi-worker").build())
                .build());
    Consul worker = client(token.secretId());
    try {
      String session =
          worker
              .sessionClient()
              .createSession(
                  org.kiwiproject.consul.model.session.ImmutableSession.builder()
                      .name("kiwi-s")
                      .build())
              .getId();
      assertTrue(!session.isEmpty());
      assertThrows(
          ConsulException.class, () -> worker.keyValueClient().putValue("kiwi/denied", "x"));
    } finally {
      worker.destroy();
    }
    acl.deleteToken(token.accessorId());
    acl.deleteRole(role.id());
    acl.deletePolicy(policy);
  }

  @Test
  void preparedQueries() {
    consul
        .agentClient()
        .register(
            ImmutableRegistration.builder()
                .id("kiwi-cache-1")
                .name("kiwi-cache")
                .port(6379)
                .build());
    PreparedQueryClient queries = consul.preparedQueryClient();
    String id =
        queries.createPreparedQuery(
            ImmutablePreparedQuery.builder()
                .name("kiwi-cache-q")
                .service(ImmutableServiceQuery.builder().service("kiwi-cache").build())
                .build());
    assertEquals(
        "kiwi-cache", queries.getPreparedQuery(id).orElseThrow().getService().getService());
    QueryResults run = queries.execute("kiwi-cache-q");
    assertEquals("kiwi-cache", run.service());
    assertEquals(
        List.of("kiwi-cache-1"), run.nodes().stream().map(n -> n.getService().getId()).toList());
    assertTrue(queries.getPreparedQueries().stream().anyMatch(q -> q.getId().equals(id)));
    queries.deletePreparedQuery(id);
    assertTrue(queries.getPreparedQueries().stream().noneMatch(q -> q.getId().equals(id)));
    // Consul answers 404 "Query not found" for a deleted query; the client raises it
    assertThrows(ConsulException.class, () -> queries.getPreparedQuery(id));
    consul.agentClient().deregister("kiwi-cache-1");
  }
}
