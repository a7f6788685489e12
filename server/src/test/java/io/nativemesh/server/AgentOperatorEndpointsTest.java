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
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events, coordinates, operator and agent operation endpoints of a single node (docs/consul-api.md,
 * "Events", "Coordinates and operator", "Agent operations").
 */
class AgentOperatorEndpointsTest {
  static TestServer s;

  @BeforeAll
  static void start() {
    s = TestServer.dev();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void eventsFireAndListWithBlockingAndNameFilter() throws Exception {
    JsonNode fired = TestServer.json(s.put("/v1/event/fire/deploy", "v1.2"));
    assertEquals("deploy", fired.get("Name").asText());
    assertEquals("djEuMg==", fired.get("Payload").asText());
    assertEquals(36, fired.get("ID").asText().length());
    HttpResponse<String> list = s.get("/v1/event/list?name=deploy");
    JsonNode events = TestServer.json(list);
    assertEquals(fired.get("ID").asText(), events.get(events.size() - 1).get("ID").asText());
    long index = TestServer.index(list);
    CompletableFuture<HttpResponse<String>> parked =
        CompletableFuture.supplyAsync(
            () -> s.get("/v1/event/list?name=restart&index=" + index + "&wait=10s"));
    Thread.sleep(200);
    assertTrue(!parked.isDone(), "blocks until an event arrives");
    s.put("/v1/event/fire/restart", "");
    JsonNode woke = TestServer.json(parked.get(5, TimeUnit.SECONDS));
    assertEquals(1, woke.size(), woke.toString());
    assertEquals("restart", woke.get(0).get("Name").asText());
    assertTrue(woke.get(0).get("Payload").isNull());
    // an event for services this agent does not run is not delivered to it
    s.put("/v1/event/fire/other?service=not-here", "");
    assertEquals(0, TestServer.json(s.get("/v1/event/list?name=other")).size());
    assertEquals(400, s.put("/v1/event/fire/x?tag=a", "").statusCode());
  }

  @Test
  void coordinatesOfTheSingleNode() {
    JsonNode dcs = TestServer.json(s.get("/v1/coordinate/datacenters"));
    assertEquals("dc1", dcs.get(0).get("Datacenter").asText());
    assertEquals("test-node.dc1", dcs.get(0).get("Coordinates").get(0).get("Node").asText());
    JsonNode nodes = TestServer.json(s.get("/v1/coordinate/nodes"));
    assertEquals(1, nodes.size());
    assertEquals(8, nodes.get(0).get("Coord").get("Vec").size());
    assertEquals(
        "test-node",
        TestServer.json(s.get("/v1/coordinate/node/test-node")).get(0).get("Node").asText());
    assertEquals(404, s.get("/v1/coordinate/node/nope").statusCode());
  }

  @Test
  void raftAndAutopilotShowOneHealthyLeader() {
    JsonNode raft = TestServer.json(s.get("/v1/operator/raft/configuration"));
    assertEquals(1, raft.get("Servers").size());
    assertTrue(raft.get("Servers").get(0).get("Leader").asBoolean());
    assertTrue(raft.get("Servers").get(0).get("Voter").asBoolean());
    JsonNode health = TestServer.json(s.get("/v1/operator/autopilot/health"));
    assertTrue(health.get("Healthy").asBoolean());
    assertEquals(0, health.get("FailureTolerance").asInt());
    JsonNode conf = TestServer.json(s.get("/v1/operator/autopilot/configuration"));
    assertEquals("200ms", conf.get("LastContactThreshold").asText());
    long modify = conf.get("ModifyIndex").asLong();
    assertEquals(
        "true",
        s.put(
                "/v1/operator/autopilot/configuration?cas=" + modify,
                "{\"CleanupDeadServers\":false,\"LastContactThreshold\":\"1s\"}")
            .body());
    assertEquals(
        "false",
        s.put("/v1/operator/autopilot/configuration?cas=" + modify, "{}").body(),
        "stale cas");
    conf = TestServer.json(s.get("/v1/operator/autopilot/configuration"));
    assertEquals("1s", conf.get("LastContactThreshold").asText());
    assertTrue(!conf.get("CleanupDeadServers").asBoolean());
  }

  @Test
  void joinForceLeaveHostVersionReloadRoot() {
    assertEquals(200, s.put("/v1/agent/join/127.0.0.1", "").statusCode());
    assertEquals(200, s.put("/v1/agent/join/127.0.0.1:8301", "").statusCode());
    HttpResponse<String> r = s.put("/v1/agent/join/10.1.2.3", "");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("single-node"), r.body());
    assertEquals(404, s.put("/v1/agent/force-leave/ghost", "").statusCode());
    assertEquals(400, s.put("/v1/agent/force-leave/test-node", "").statusCode());
    JsonNode host = TestServer.json(s.get("/v1/agent/host"));
    assertTrue(host.get("Memory").get("total").asLong() > 0);
    assertTrue(host.get("Host").has("hostname"));
    assertTrue(
        TestServer.json(s.get("/v1/agent/version"))
            .get("HumanVersion")
            .asText()
            .startsWith("1.17.0+"));
    assertEquals(200, s.put("/v1/agent/reload", "").statusCode());
    r = s.get("/");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("Consul HTTP API"));
  }

  @Test
  void metricsAsJsonAndPrometheus() {
    s.put("/v1/kv/metric-key", "x");
    JsonNode m = TestServer.json(s.get("/v1/agent/metrics"));
    assertTrue(m.has("Timestamp") && m.has("Counters") && m.has("Samples") && m.has("Points"));
    AtomicInteger kv = new AtomicInteger(-1);
    m.get("Gauges")
        .forEach(
            g -> {
              if (g.get("Name").asText().equals("consul.state.kv_entries")) {
                kv.set(g.get("Value").asInt());
              }
            });
    assertTrue(kv.get() >= 1, m.get("Gauges").toString());
    HttpResponse<String> p = s.get("/v1/agent/metrics?format=prometheus");
    assertEquals(200, p.statusCode());
    assertTrue(p.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertTrue(p.body().contains("consul_state_kv_entries"), p.body());
    assertTrue(p.body().contains("jvm_memory_used_bytes"));
  }
}
