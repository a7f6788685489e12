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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.consul.BlockingQueryOptions;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.Event;
import io.vertx.ext.consul.EventList;
import io.vertx.ext.consul.EventListOptions;
import io.vertx.ext.consul.KeyValueOptions;
import io.vertx.ext.consul.Service;
import io.vertx.ext.consul.ServiceEntryList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Third-party client: Vert.x's consul client against what issue 17 made Consul-like — the built-in
 * {@code consul} service, {@code agent/self}, {@code serfHealth} outside the agent checks, unsigned
 * 64-bit KV flags, an acquire with an unknown session, blocking events and coordinates.
 */
class VertxConsulCompatTest {
  static ConsulServer server;
  static Vertx vertx;
  static ConsulClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        ConsulServer.start(
            ServerConfig.builder().dev(true).nodeName("vx-compat").httpPort(0).build());
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
  void theConsulServiceAgentSelfAndSerfHealth() throws Exception {
    List<Service> services = get(client.catalogServices()).getList();
    assertEquals(1, services.size());
    assertEquals("consul", services.get(0).getName());
    ServiceEntryList healthy = get(client.healthServiceNodes("consul", true));
    assertEquals(8300, healthy.getList().get(0).getService().getPort());
    JsonObject self = get(client.agentInfo());
    assertEquals(2, self.getJsonObject("Member").getInteger("ProtocolCur"));
    assertEquals("true", self.getJsonObject("Stats").getJsonObject("consul").getString("leader"));
    assertTrue(get(client.localChecks()).isEmpty(), "serfHealth is not an agent check");
    assertThrows(ExecutionException.class, () -> get(client.deregisterCheck("serfHealth")));
    assertEquals("vx-compat", get(client.coordinateNodes()).getList().get(0).getNode());
    assertEquals("dc1", get(client.coordinateDatacenters()).get(0).getDatacenter());
    // not leaderStatus(): Vert.x cuts the JSON string assuming the trailing newline of Consul's
    // -dev agent, which pretty-prints every answer (docs/consul-api.md, "Where the companion server
    // differs")
  }

  @Test
  void flagsAreUnsigned64BitAndAnUnknownSessionIsAnError() throws Exception {
    // Vert.x sends the flags unsigned and reads them back into a long: -1 is 2^64-1
    assertTrue(get(client.putValueWithOptions("vx/max", "m", new KeyValueOptions().setFlags(-1L))));
    assertEquals(-1L, get(client.getValue("vx/max")).getFlags());
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                get(
                    client.putValueWithOptions(
                        "vx/lock",
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
