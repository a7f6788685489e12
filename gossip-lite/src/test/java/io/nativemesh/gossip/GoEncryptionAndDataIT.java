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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Encrypted pools, key rotation, wrong keys, metadata updates and user messages against Go. */
class GoEncryptionAndDataIT extends GoPeerTestSupport {
  private static final byte[] K1 = bytes(16, 1);
  private static final byte[] K2 = bytes(32, 2);
  private static final byte[] WRONG = bytes(16, 9);

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private GoPeer go(String name, String... args) throws Exception {
    return go(name, Ports.free(), args);
  }

  @Test
  void encryptedPoolConvergesAndRotatesKeys() throws Exception {
    GoPeer g0 = go("g0", "-key", b64(K1));
    RecordingListener l = new RecordingListener();
    // tag::keyring[]
    Keyring ring = Keyring.of(K1); // a 16-, 24- or 32-byte AES key, as `consul keygen` makes
    GossipPool j = java(GossipConfig.builder("j0").keyring(ring).seeds(g0.address()), l);
    // end::keyring[]
    GoPeer g1 = go("g1", "-key", b64(K1), "-join", j.address());
    Set<String> all = Set.of("g0", "g1", "j0");
    assertTrue(
        Await.until(() -> GoInteropIT.names(j.members()).equals(all), Duration.ofSeconds(35)),
        () -> "java view " + j.members());
    assertTrue(
        g0.awaitMembers(m -> m.keySet().equals(all), Duration.ofSeconds(35)),
        () -> "g0 " + g0.members());
    assertTrue(
        g1.awaitMembers(m -> m.keySet().equals(all), Duration.ofSeconds(35)),
        () -> "g1 " + g1.members());

    // tag::key-rotation[]
    // rotation without downtime: install K2 everywhere, switch to it, remove K1
    ring.addKey(K2);
    g0.command("key-add " + b64(K2));
    g1.command("key-add " + b64(K2));
    Thread.sleep(300);
    ring.useKey(K2);
    g0.command("key-use " + b64(K2));
    g1.command("key-use " + b64(K2));
    Thread.sleep(300);
    ring.removeKey(K1);
    g0.command("key-remove " + b64(K1));
    g1.command("key-remove " + b64(K1));
    // end::key-rotation[]
    Thread.sleep(4000); // several probe rounds plus any suspicion would show up here
    assertEquals(all, GoInteropIT.names(j.members()));
    assertEquals(all, g0.members().keySet());
    assertEquals(all, g1.members().keySet());
    assertTrue(!l.events.stream().anyMatch(e -> e.startsWith("fail:")), () -> "events " + l.events);
    // Java's own sends used K2 only (Go dropped K1) and nothing it received failed to decrypt
    assertEquals(0, j.stats().dropped("DECRYPT_FAILED"));
  }

  @Test
  void wrongKeyIsRefused() throws Exception {
    GoPeer g0 = go("g0", "-key", b64(K1));
    JoinException e =
        assertThrows(
            JoinException.class,
            () ->
                GossipPool.start(
                    GossipConfig.builder("intruder")
                        .bind("127.0.0.1", 0)
                        .profile(Profile.LOCAL)
                        .keyring(Keyring.of(WRONG))
                        .seeds(g0.address())
                        .build()));
    assertTrue(e.getMessage().contains("could not contact"));
    // plaintext Java node against an encrypted Go pool: refused as well
    assertThrows(
        JoinException.class,
        () ->
            GossipPool.start(
                GossipConfig.builder("plain")
                    .bind("127.0.0.1", 0)
                    .profile(Profile.LOCAL)
                    .seeds(g0.address())
                    .build()));
    // and an encrypted Java node does not accept a plaintext Go node
    GossipPool j = java(GossipConfig.builder("j0").keyring(Keyring.of(K1)), null);
    GoPeer plainGo = go("g-plain", "-join", j.address());
    assertNotNull(
        plainGo.awaitLine(n -> "joinError".equals(n.path("t").asText()), Duration.ofSeconds(15)),
        "no joinError line from the Go peer without the key");
    Thread.sleep(1500);
    assertEquals(Set.of("g0"), g0.members().keySet());
    assertEquals(Set.of("j0"), GoInteropIT.names(j.members()));
    assertTrue(j.stats().dropped("DECRYPT_FAILED") > 0, () -> "drops " + j.stats().dropped());
  }

  @Test
  void metadataUpdatesAndUserMessagesFlowBothWays() throws Exception {
    RecordingListener l = new RecordingListener();
    GoPeer g0 = go("g0", "-meta", "go-v1");
    GossipPool j =
        java(
            GossipConfig.builder("j0")
                .metadata("java-v1".getBytes(StandardCharsets.UTF_8))
                .seeds(g0.address()),
            l);
    assertTrue(
        g0.awaitMembers(
            m -> m.containsKey("j0") && "java-v1".equals(m.get("j0").path("meta").asText()),
            Duration.ofSeconds(10)));
    assertEquals("go-v1", new String(j.member("g0").metadata(), StandardCharsets.UTF_8));

    j.updateMetadata("java-v2".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
    assertTrue(
        g0.awaitMembers(
            m -> "java-v2".equals(m.get("j0").path("meta").asText()), Duration.ofSeconds(15)));
    assertTrue(
        g0.awaitLine(
                n ->
                    "update".equals(n.path("kind").asText())
                        && "j0".equals(n.path("node").asText()),
                Duration.ofSeconds(6))
            != null,
        "Go fired NotifyUpdate");

    g0.command("meta go-v2");
    assertTrue(
        Await.until(() -> l.has("update:g0"), Duration.ofSeconds(15)), () -> "events " + l.events);
    assertEquals("go-v2", new String(j.member("g0").metadata(), StandardCharsets.UTF_8));

    // Java -> Go: broadcast (UDP gossip), reliable (TCP), best effort (UDP)
    j.broadcast("hello-bcast".getBytes(StandardCharsets.UTF_8));
    j.sendReliable("g0", "hello-tcp".getBytes(StandardCharsets.UTF_8));
    j.sendBestEffort("g0", "hello-udp".getBytes(StandardCharsets.UTF_8));
    for (String m : List.of("hello-bcast", "hello-tcp", "hello-udp")) {
      assertTrue(
          g0.awaitLine(
                  n -> "msg".equals(n.path("t").asText()) && m.equals(n.path("data").asText()),
                  Duration.ofSeconds(15))
              != null,
          "Go did not receive " + m);
    }
    // Go -> Java
    g0.command("send j0 from-go-tcp");
    g0.command("sendudp j0 from-go-udp");
    g0.command("bcast from-go-bcast");
    for (String m : List.of("msg:from-go-tcp", "msg:from-go-udp", "msg:from-go-bcast")) {
      assertTrue(
          Await.until(() -> l.has(m), Duration.ofSeconds(15)),
          () -> "missing " + m + " in " + l.events);
    }
  }
}
