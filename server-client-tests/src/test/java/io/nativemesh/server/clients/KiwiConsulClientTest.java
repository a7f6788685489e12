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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.AgentClient;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.KeyValueClient;
import org.kiwiproject.consul.SessionClient;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.agent.Registration;
import org.kiwiproject.consul.model.catalog.CatalogService;
import org.kiwiproject.consul.model.catalog.ImmutableCatalogRegistration;
import org.kiwiproject.consul.model.health.HealthCheck;
import org.kiwiproject.consul.model.health.ImmutableService;
import org.kiwiproject.consul.model.health.Node;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.model.kv.Value;
import org.kiwiproject.consul.model.session.ImmutableSession;
import org.kiwiproject.consul.model.session.SessionInfo;
import org.kiwiproject.consul.option.QueryOptions;

/**
 * Third-party client: kiwiproject's {@code org.kiwiproject:consul-client} (Maven Central; the
 * maintained fork of rickfast/consul-client, Retrofit + OkHttp) against the server — KV with a
 * blocking read, sessions and a lock, agent registration with a TTL check, health and catalog over
 * a second node.
 */
class KiwiConsulClientTest {
  static ConsulServer server;
  static Consul consul;

  @BeforeAll
  static void start() throws Exception {
    server =
        ConsulServer.start(
            ServerConfig.builder().dev(true).nodeName("kiwi-agent").httpPort(0).build());
    consul = Consul.builder().withUrl(server.httpUrl()).withReadTimeoutMillis(30_000).build();
  }

  @AfterAll
  static void stop() {
    consul.destroy();
    server.close();
  }

  @Test
  void kvWithBlockingRead() throws Exception {
    KeyValueClient kv = consul.keyValueClient();
    assertTrue(kv.putValue("kiwi/a", "1"));
    assertEquals(Optional.of("1"), kv.getValueAsString("kiwi/a"));
    Value first = kv.getValue("kiwi/a").orElseThrow();
    CompletableFuture<Optional<Value>> parked =
        CompletableFuture.supplyAsync(
            () ->
                kv.getValue(
                    "kiwi/a",
                    QueryOptions.blockSeconds(10, BigInteger.valueOf(first.getModifyIndex()))
                        .build()));
    Thread.sleep(300);
    assertFalse(parked.isDone(), "blocking read must wait for a change");
    assertTrue(kv.putValue("kiwi/a", "2"));
    Value changed = parked.get(5, TimeUnit.SECONDS).orElseThrow();
    assertEquals(Optional.of("2"), changed.getValueAsString());
    assertTrue(changed.getModifyIndex() > first.getModifyIndex());
    assertTrue(kv.putValue("kiwi/b", "3"));
    assertEquals(List.of("kiwi/a", "kiwi/b"), kv.getKeys("kiwi/"));
    assertEquals(2, kv.getValues("kiwi/").size());
    kv.deleteKeys("kiwi/");
    assertTrue(kv.getValue("kiwi/a").isEmpty(), "absent key");
  }

  @Test
  void sessionsAndLock() {
    SessionClient sessions = consul.sessionClient();
    KeyValueClient kv = consul.keyValueClient();
    String s1 =
        sessions
            .createSession(ImmutableSession.builder().name("kiwi-1").ttl("30s").build())
            .getId();
    String s2 =
        sessions
            .createSession(
                ImmutableSession.builder()
                    .name("kiwi-2")
                    .behavior("delete")
                    .lockDelay("0s")
                    .build())
            .getId();
    SessionInfo info = sessions.getSessionInfo(s1).orElseThrow();
    assertEquals("kiwi-1", info.getName().orElseThrow());
    assertEquals("kiwi-agent", info.getNode());
    assertTrue(sessions.listSessions().size() >= 2);
    assertEquals(s1, sessions.renewSession(s1).orElseThrow().getId());

    assertTrue(kv.acquireLock("kiwi/lock", "one", s1));
    assertFalse(kv.acquireLock("kiwi/lock", "two", s2), "held by s1");
    assertEquals(Optional.of(s1), kv.getSession("kiwi/lock"));
    assertTrue(kv.releaseLock("kiwi/lock", s1));
    assertTrue(kv.acquireLock("kiwi/lock", "two", s2));
    sessions.destroySession(s2);
    assertTrue(kv.getValue("kiwi/lock").isEmpty(), "behavior=delete removed the key");
    sessions.destroySession(s1);
    assertTrue(sessions.getSessionInfo(s1).isEmpty());
  }

  @Test
  void agentRegistrationWithTtlCheckHealthAndCatalog() throws Exception {
    AgentClient agent = consul.agentClient();
    agent.register(
        ImmutableRegistration.builder()
            .id("kiwi-web-1")
            .name("kiwi-web")
            .port(8080)
            .addTags("v1")
            .putMeta("team", "a")
            .check(Registration.RegCheck.ttl(30L))
            .build());
    assertTrue(agent.isRegistered("kiwi-web-1"));
    assertEquals(
        0,
        consul.healthClient().getHealthyServiceInstances("kiwi-web").getResponse().size(),
        "TTL check starts critical");
    agent.pass("kiwi-web-1", "all good");
    ConsulResponse<List<ServiceHealth>> healthy =
        consul.healthClient().getHealthyServiceInstances("kiwi-web");
    assertEquals(1, healthy.getResponse().size());
    ServiceHealth h = healthy.getResponse().get(0);
    assertEquals(8080, h.getService().getPort());
    assertEquals(List.of("v1"), h.getService().getTags());
    assertEquals("kiwi-agent", h.getNode().getNode());
    assertTrue(
        h.getChecks().stream().anyMatch(c -> c.getOutput().orElse("").equals("all good")),
        h.getChecks().toString());
    assertTrue(healthy.getIndex().signum() > 0);
    Map<String, HealthCheck> checks = agent.getChecks();
    assertEquals("passing", checks.get("service:kiwi-web-1").getStatus());

    consul
        .catalogClient()
        .register(
            ImmutableCatalogRegistration.builder()
                .node("kiwi-node-2")
                .address("10.1.2.3")
                .service(
                    ImmutableService.builder()
                        .id("kiwi-web-2")
                        .service("kiwi-web")
                        .address("10.1.2.3")
                        .port(9090)
                        .build())
                .build());
    List<Node> nodes = consul.catalogClient().getNodes().getResponse();
    assertTrue(
        nodes.stream()
            .anyMatch(n -> n.getNode().equals("kiwi-node-2") && n.getAddress().equals("10.1.2.3")),
        nodes.toString());
    assertTrue(consul.catalogClient().getServices().getResponse().containsKey("kiwi-web"));
    List<CatalogService> web = consul.catalogClient().getService("kiwi-web").getResponse();
    assertEquals(2, web.size(), web.toString());
    assertEquals(2, consul.healthClient().getAllServiceInstances("kiwi-web").getResponse().size());

    agent.deregister("kiwi-web-1");
    assertFalse(agent.isRegistered("kiwi-web-1"));
    assertEquals(1, consul.catalogClient().getService("kiwi-web").getResponse().size());
  }
}
