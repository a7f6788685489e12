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
import io.nativemesh.server.ServerConfig;
import java.io.File;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.async.Callback;
import org.kiwiproject.consul.model.EventResponse;
import org.kiwiproject.consul.model.agent.Agent;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.catalog.CatalogService;
import org.kiwiproject.consul.model.event.Event;
import org.kiwiproject.consul.model.operator.RaftConfiguration;
import org.kiwiproject.consul.option.QueryOptions;

/**
 * Third-party client: kiwiproject's consul-client against what issue 17 made Consul-like — the
 * built-in {@code consul} service, {@code serfHealth} outside the agent, {@code agent/self} (its
 * {@code Member} requires the protocol fields), {@code EnableTagOverride}, an acquire with an
 * unknown session, events, coordinates, raft configuration, join/force-leave, and a snapshot saved
 * and restored through its {@code SnapshotClient}.
 */
class KiwiConsulCompatTest {

  private static ConsulServer start(String node) throws Exception {
    return ConsulServer.start(ServerConfig.builder().dev(true).nodeName(node).httpPort(0).build());
  }

  private static Consul client(ConsulServer s) {
    return Consul.builder().withUrl(s.httpUrl()).withReadTimeoutMillis(30_000).build();
  }

  @Test
  void agentCatalogAndHealthLookLikeASingleConsulServer() throws Exception {
    try (ConsulServer server = start("kiwi-compat")) {
      Consul consul = client(server);
      try {
        assertEquals(
            Map.of("consul", List.of()), consul.catalogClient().getServices().getResponse());
        List<CatalogService> rows = consul.catalogClient().getService("consul").getResponse();
        assertEquals(8300, rows.get(0).getServicePort());
        Agent agent = consul.agentClient().getAgent();
        assertEquals(2, agent.getMember().getProtocolCur());
        assertEquals(4, agent.getMember().getDelegateCur());
        assertEquals("kiwi-compat", agent.getDebugConfig().get("NodeName"));
        assertTrue(consul.agentClient().getChecks().isEmpty(), "serfHealth is not an agent check");
        ConsulException e =
            assertThrows(
                ConsulException.class, () -> consul.agentClient().deregisterCheck("serfHealth"));
        assertEquals(404, e.getCode());

        consul
            .agentClient()
            .register(
                ImmutableRegistration.builder()
                    .id("kiwi-web-1")
                    .name("kiwi-web")
                    .port(8080)
                    .enableTagOverride(true)
                    .build());
        assertEquals(
            Boolean.TRUE,
            consul
                .catalogClient()
                .getService("kiwi-web")
                .getResponse()
                .get(0)
                .getServiceEnableTagOverride()
                .orElse(false));
        ConsulException bad =
            assertThrows(
                ConsulException.class,
                () ->
                    consul
                        .keyValueClient()
                        .acquireLock("kiwi/lock", "00000000-0000-0000-0000-0000000000cc"));
        assertTrue(
            bad.getMessage().contains("invalid session"), "names the session: " + bad.getMessage());

        RaftConfiguration raft = consul.operatorClient().getRaftConfiguration();
        assertEquals(1, raft.servers().size());
        assertEquals("kiwi-compat", consul.coordinateClient().getNodes().get(0).getNode());
        assertEquals("dc1", consul.coordinateClient().getDatacenters().get(0).getDatacenter());
        assertTrue(consul.agentClient().join("127.0.0.1"));
        assertThrows(ConsulException.class, () -> consul.agentClient().forceLeave("ghost"));
      } finally {
        consul.destroy();
      }
    }
  }

  @Test
  void eventsBlockUntilTheNextOne() throws Exception {
    try (ConsulServer server = start("kiwi-events")) {
      Consul consul = client(server);
      try {
        Event fired = consul.eventClient().fireEvent("kiwi-deploy", "v1");
        EventResponse listed = consul.eventClient().listEvents("kiwi-deploy");
        assertEquals(fired.getId(), listed.getEvents().get(0).getId());
        BigInteger index = listed.getIndex();
        CompletableFuture<EventResponse> parked =
            CompletableFuture.supplyAsync(
                () ->
                    consul
                        .eventClient()
                        .listEvents("kiwi-deploy", QueryOptions.blockSeconds(10, index).build()));
        Thread.sleep(300);
        assertTrue(!parked.isDone(), "blocks");
        consul.eventClient().fireEvent("kiwi-deploy", "v2");
        assertEquals(2, parked.get(5, TimeUnit.SECONDS).getEvents().size());
      } finally {
        consul.destroy();
      }
    }
  }

  private static <T> CompletableFuture<T> call(java.util.function.Consumer<Callback<T>> op) {
    CompletableFuture<T> f = new CompletableFuture<>();
    op.accept(
        new Callback<>() {
          @Override
          public void onResponse(T t) {
            f.complete(t);
          }

          @Override
          public void onFailure(Throwable e) {
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  @Test
  void aSnapshotSavedByTheClientRestoresIntoAFreshServer(@TempDir Path tmp) throws Exception {
    File archive = tmp.resolve("backup.snap").toFile();
    try (ConsulServer source = start("kiwi-snap")) {
      Consul consul = client(source);
      try {
        consul.keyValueClient().putValue("kiwi/snap/a", "1");
        consul.keyValueClient().putValue("kiwi/snap/b", "2");
        BigInteger index =
            KiwiConsulCompatTest.<BigInteger>call(
                    cb -> consul.snapshotClient().save(archive, QueryOptions.BLANK, cb))
                .get(10, TimeUnit.SECONDS);
        assertTrue(index.signum() > 0 && archive.length() > 0);
      } finally {
        consul.destroy();
      }
    }
    try (ConsulServer target = start("kiwi-snap")) {
      Consul consul = client(target);
      try {
        assertTrue(consul.keyValueClient().getValueAsString("kiwi/snap/a").isEmpty());
        KiwiConsulCompatTest.<Void>call(
                cb -> consul.snapshotClient().restore(archive, QueryOptions.BLANK, cb))
            .get(10, TimeUnit.SECONDS);
        assertEquals("1", consul.keyValueClient().getValueAsString("kiwi/snap/a").orElseThrow());
        assertEquals("2", consul.keyValueClient().getValueAsString("kiwi/snap/b").orElseThrow());
      } finally {
        consul.destroy();
      }
    }
  }
}
