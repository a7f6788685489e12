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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.consul.BlockingQueryOptions;
import io.vertx.ext.consul.Check;
import io.vertx.ext.consul.CheckOptions;
import io.vertx.ext.consul.CheckStatus;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.Event;
import io.vertx.ext.consul.EventList;
import io.vertx.ext.consul.EventListOptions;
import io.vertx.ext.consul.HealthState;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.KeyValueOptions;
import io.vertx.ext.consul.MaintenanceOptions;
import io.vertx.ext.consul.Node;
import io.vertx.ext.consul.Service;
import io.vertx.ext.consul.ServiceEntryList;
import io.vertx.ext.consul.ServiceOptions;
import io.vertx.ext.consul.SessionBehavior;
import io.vertx.ext.consul.SessionOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Third-party client: Vert.x's {@code io.vertx:vertx-consul-client} (Maven Central) against the
 * server — KV with a blocking read, sessions and locks, agent registration with TTL checks, health
 * and catalog over a second node; and what issue 17 made Consul-like: the built-in {@code consul}
 * service, {@code agent/self}, {@code serfHealth} outside the agent checks, unsigned 64-bit KV
 * flags, an acquire with an unknown session, blocking events and coordinates.
 */
class VertxConsulClientTest {
  static ConsulServer server;
  static Vertx vertx;
  static ConsulClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        ConsulServer.start(
            ServerConfig.builder().dev(true).nodeName("vx-agent").httpPort(0).build());
    vertx = Vertx.vertx();
    client =
        ConsulClient.create(
            vertx, new ConsulClientOptions().setHost("127.0.0.1").setPort(server.httpPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    get(vertx.close());
    server.close();
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void kvWithBlockingRead() throws Exception {
    assertTrue(get(client.putValue("vx/a", "1")));
    KeyValue kv = get(client.getValue("vx/a"));
    assertEquals("1", kv.getValue());
    CompletableFuture<KeyValue> parked =
        client
            .getValueWithOptions(
                "vx/a", new BlockingQueryOptions().setIndex(kv.getModifyIndex()).setWait("10s"))
            .toCompletionStage()
            .toCompletableFuture();
    Thread.sleep(300);
    assertFalse(parked.isDone(), "blocking read must wait for a change");
    assertTrue(get(client.putValue("vx/a", "2")));
    KeyValue changed = parked.get(5, TimeUnit.SECONDS);
    assertEquals("2", changed.getValue());
    assertTrue(changed.getModifyIndex() > kv.getModifyIndex());
    assertTrue(get(client.putValue("vx/b", "3")));
    assertEquals(2, get(client.getValues("vx/")).getList().size());
    assertEquals(List.of("vx/a", "vx/b"), get(client.getKeys("vx/")));
    get(client.deleteValues("vx/"));
    assertNull(get(client.getValue("vx/a")).getKey(), "absent key");
  }

  @Test
  void sessionsAndLocks() throws Exception {
    String s1 =
        get(client.createSessionWithOptions(new SessionOptions().setName("vx-1").setTtl(30)));
    String s2 =
        get(
            client.createSessionWithOptions(
                new SessionOptions()
                    .setName("vx-2")
                    .setBehavior(SessionBehavior.DELETE)
                    .setLockDelay(0)));
    assertEquals(s1, get(client.infoSession(s1)).getId());
    assertEquals("vx-agent", get(client.infoSession(s1)).getNode());
    assertTrue(get(client.listSessions()).getList().size() >= 2);
    assertEquals(s1, get(client.renewSession(s1)).getId());
    assertTrue(
        get(
            client.putValueWithOptions(
                "vx/lock", "one", new KeyValueOptions().setAcquireSession(s1))));
    assertFalse(
        get(
            client.putValueWithOptions(
                "vx/lock", "two", new KeyValueOptions().setAcquireSession(s2))));
    assertEquals(s1, get(client.getValue("vx/lock")).getSession());
    assertTrue(
        get(
            client.putValueWithOptions(
                "vx/lock", "one", new KeyValueOptions().setReleaseSession(s1))));
    assertTrue(
        get(
            client.putValueWithOptions(
                "vx/lock", "two", new KeyValueOptions().setAcquireSession(s2))));
    get(client.destroySession(s2));
    assertNull(get(client.getValue("vx/lock")).getKey(), "behavior=delete removed the key");
    get(client.destroySession(s1));
  }

  @Test
  void agentTtlChecksHealthAndCatalog() throws Exception {
    get(
        client.registerService(
            new ServiceOptions()
                .setName("vx-web")
                .setId("vx-web-1")
                .setPort(8080)
                .setTags(List.of("vx"))
                .setCheckOptions(new CheckOptions().setTtl("30s"))));
    assertTrue(get(client.localServices()).stream().anyMatch(s -> s.getId().equals("vx-web-1")));
    get(client.passCheckWithNote("service:vx-web-1", "fine"));
    assertEquals(1, get(client.healthServiceNodes("vx-web", true)).getList().size());
    Check c =
        get(client.localChecks()).stream()
            .filter(x -> x.getId().equals("service:vx-web-1"))
            .findFirst()
            .orElseThrow();
    assertEquals(CheckStatus.PASSING, c.getStatus());
    assertEquals("fine", c.getOutput());
    get(client.failCheck("service:vx-web-1"));
    assertEquals(0, get(client.healthServiceNodes("vx-web", true)).getList().size());
    get(client.updateCheck("service:vx-web-1", CheckStatus.PASSING));
    get(
        client.registerCheck(
            new CheckOptions()
                .setId("vx-extra")
                .setName("extra")
                .setTtl("30s")
                .setServiceId("vx-web-1")
                .setStatus(CheckStatus.PASSING)));
    assertEquals(2, get(client.healthChecks("vx-web")).getList().size());
    get(client.deregisterCheck("vx-extra"));
    get(
        client.maintenanceService(
            new MaintenanceOptions().setId("vx-web-1").setEnable(true).setReason("deploy")));
    assertEquals(0, get(client.healthServiceNodes("vx-web", true)).getList().size());
    get(client.maintenanceService(new MaintenanceOptions().setId("vx-web-1").setEnable(false)));
    assertEquals(1, get(client.healthServiceNodes("vx-web", true)).getList().size());

    get(
        client.registerCatalogService(
            new Node().setName("vx-node").setAddress("10.2.2.2"),
            new ServiceOptions()
                .setName("vx-db")
                .setId("vx-db-1")
                .setPort(5432)
                .setTags(List.of("primary"))));
    assertEquals(List.of("dc1"), get(client.catalogDatacenters()));
    assertTrue(
        get(client.catalogNodes()).getList().stream().anyMatch(n -> n.getName().equals("vx-node")));
    List<Service> rows = get(client.catalogServiceNodes("vx-db")).getList();
    assertEquals(1, rows.size());
    assertEquals("10.2.2.2", rows.get(0).getNodeAddress());
    assertEquals(5432, rows.get(0).getPort());
    assertTrue(
        get(client.catalogServices()).getList().stream()
            .anyMatch(s -> s.getName().equals("vx-db")));
    assertTrue(
        get(client.catalogNodeServices("vx-node")).getList().stream()
            .anyMatch(s -> s.getId().equals("vx-db-1")));
    assertTrue(get(client.healthState(HealthState.ANY)).getList().size() >= 2);
    get(client.deregisterCatalogService("vx-node", "vx-db-1"));
    assertTrue(get(client.catalogServiceNodes("vx-db")).getList().isEmpty());
    get(client.deregisterService("vx-web-1"));
    assertFalse(get(client.localServices()).stream().anyMatch(s -> s.getId().equals("vx-web-1")));
  }

  @Test
  void theConsulServiceAgentSelfAndSerfHealth() throws Exception {
    Service consul =
        get(client.catalogServices()).getList().stream()
            .filter(s -> s.getName().equals("consul"))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of(), consul.getTags());
    ServiceEntryList healthy = get(client.healthServiceNodes("consul", true));
    assertEquals(8300, healthy.getList().get(0).getService().getPort());
    JsonObject self = get(client.agentInfo());
    assertEquals(2, self.getJsonObject("Member").getInteger("ProtocolCur"));
    assertEquals("true", self.getJsonObject("Stats").getJsonObject("consul").getString("leader"));
    assertTrue(
        get(client.localChecks()).stream().noneMatch(c -> c.getId().equals("serfHealth")),
        "serfHealth is not an agent check");
    assertThrows(ExecutionException.class, () -> get(client.deregisterCheck("serfHealth")));
    assertEquals("vx-agent", get(client.coordinateNodes()).getList().get(0).getNode());
    assertEquals("dc1", get(client.coordinateDatacenters()).get(0).getDatacenter());
    // not leaderStatus(): Vert.x cuts the JSON string assuming the trailing newline of Consul's
    // -dev agent, which pretty-prints every answer (docs/consul-api.md, "Where the companion server
    // differs")
  }

  @Test
  void flagsAreUnsigned64BitAndAnUnknownSessionIsAnError() throws Exception {
    // Vert.x sends the flags unsigned and reads them back into a long: -1 is 2^64-1
    assertTrue(
        get(client.putValueWithOptions("vx-flags/max", "m", new KeyValueOptions().setFlags(-1L))));
    assertEquals(-1L, get(client.getValue("vx-flags/max")).getFlags());
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                get(
                    client.putValueWithOptions(
                        "vx-flags/lock",
                        "x",
                        new KeyValueOptions()
                            .setAcquireSession("00000000-0000-0000-0000-0000000000dd"))));
    assertTrue(
        String.valueOf(e.getCause())
            .contains("invalid session \"00000000-0000-0000-0000-0000000000dd\""),
        String.valueOf(e.getCause()));
  }

  @Test
  void eventsBlockUntilTheNextOne() throws Exception {
    Event fired = get(client.fireEvent("vx-deploy"));
    EventList first =
        get(client.listEventsWithOptions(new EventListOptions().setName("vx-deploy")));
    assertEquals(fired.getId(), first.getList().get(first.getList().size() - 1).getId());
    CompletableFuture<EventList> parked =
        client
            .listEventsWithOptions(
                new EventListOptions()
                    .setName("vx-deploy")
                    .setBlockingOptions(
                        new BlockingQueryOptions().setIndex(first.getIndex()).setWait("10s")))
            .toCompletionStage()
            .toCompletableFuture();
    Thread.sleep(300);
    assertFalse(parked.isDone(), "blocks");
    get(client.fireEvent("vx-deploy"));
    assertEquals(first.getList().size() + 1, parked.get(5, TimeUnit.SECONDS).getList().size());
  }
}
