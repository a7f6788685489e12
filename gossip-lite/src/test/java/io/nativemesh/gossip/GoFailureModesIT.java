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
package io.nativemesh.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TCP fallback ping and dead-node reclaim against the Go peer (LOCAL profile). */
class GoFailureModesIT extends GoPeerTestSupport {

  @Test
  void outgoingUdpBlockedIsMaskedByTcpFallbackPingOnly() throws Exception {
    GoPeer g0 = go("g0", Ports.free());
    GoPeer g1 = go("g1", Ports.free(), "-join", g0.address());
    RecordingListener withTcp = new RecordingListener();
    // every UDP packet this node sends is lost; TCP works
    GossipPool j =
        java(GossipConfig.builder("j-tcp").outgoingUdpLoss(0.9999).seeds(g0.address()), withTcp);
    Set<String> all = Set.of("g0", "g1", "j-tcp");
    assertTrue(
        g0.awaitMembers(m -> m.keySet().equals(all), Duration.ofSeconds(10)),
        () -> "g0 " + g0.members());
    Thread.sleep(8000); // > probe + suspicion min (3 s) several times over
    assertTrue(
        withTcp.events.stream().noneMatch(e -> e.startsWith("fail:")),
        () -> "events " + withTcp.events);
    assertEquals(all, GoInteropIT.names(j.members()));
    assertEquals(all, g0.members().keySet(), "Go kept the node via its own TCP ping to us");
    assertTrue(j.stats().udpPacketsSent() < 5, "UDP really was blocked");

    // control: the same node without TCP pings wrongly fails its peers. No other member confirms
    // its suspicions, so each lasts the Lifeguard maximum (6 x min); a 300 ms probe interval
    // (min 0.9 s, max 5.4 s) keeps the test short.
    RecordingListener noTcp = new RecordingListener();
    java(
        GossipConfig.builder("j-notcp")
            .outgoingUdpLoss(0.9999)
            .disableTcpPings(true)
            .probeInterval(Duration.ofMillis(300))
            .seeds(g0.address()),
        noTcp);
    assertTrue(
        Await.until(
            () -> noTcp.events.stream().anyMatch(e -> e.startsWith("fail:g")),
            Duration.ofSeconds(15)),
        () -> "events " + noTcp.events);
  }

  @Test
  void restartedGoNodeOnNewPortIsReclaimedAfterDeadNodeReclaimTime() throws Exception {
    RecordingListener l = new RecordingListener();
    GoPeer g0 = go("g0", Ports.free(), "-reclaim", "1s");
    GoPeer g1 = go("g1", Ports.free(), "-join", g0.address());
    GossipPool j =
        java(
            GossipConfig.builder("j0")
                .deadNodeReclaimTime(Duration.ofSeconds(1))
                .seeds(g0.address()),
            l);
    assertTrue(
        Await.until(
            () -> GoInteropIT.names(j.members()).equals(Set.of("g0", "g1", "j0")),
            Duration.ofSeconds(10)));
    int oldPort = j.member("g1").port();
    g1.kill();
    assertTrue(
        Await.until(() -> l.has("fail:g1"), Duration.ofSeconds(20)), () -> "events " + l.events);
    Thread.sleep(1200); // past DeadNodeReclaimTime
    GoPeer g1b = go("g1", Ports.free(), "-join", j.address());
    assertTrue(
        Await.until(
            () ->
                j.member("g1") != null
                    && j.member("g1").state() == MemberState.ALIVE
                    && j.member("g1").port() == g1b.port,
            Duration.ofSeconds(10)),
        () -> "java sees " + j.member("g1") + ", old port " + oldPort);
    assertTrue(
        g1b.awaitMembers(m -> m.keySet().equals(Set.of("g0", "g1", "j0")), Duration.ofSeconds(20)),
        () -> "g1 " + g1b.members());
    assertTrue(
        g0.awaitMembers(
            m -> m.containsKey("g1") && m.get("g1").path("port").asInt() == g1b.port,
            Duration.ofSeconds(20)),
        () -> "g0 " + g0.members());
  }
}
