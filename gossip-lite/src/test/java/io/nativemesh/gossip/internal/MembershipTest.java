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
package io.nativemesh.gossip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.gossip.Member;
import io.nativemesh.gossip.MemberState;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** memberlist's state rules (docs/memberlist.md, "State rules") with a fake clock. */
class MembershipTest {
  private static final byte[] A1 = {10, 0, 0, 1};
  private static final byte[] A2 = {10, 0, 0, 2};
  private static final long S = 1_000_000_000L;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private LifeguardTest.FakeTicker ticker;
  private BroadcastQueue queue;
  private Awareness awareness;
  private Membership m;

  @BeforeEach
  void setUp() {
    ticker = new LifeguardTest.FakeTicker();
    awareness = new Awareness(8);
    Membership[] ref = new Membership[1];
    queue = new BroadcastQueue(() -> ref[0].estNumNodes(), 4);
    m =
        new Membership(
            "me",
            new Membership.Settings(4, 6, S, 30 * S, 0),
            queue,
            awareness,
            ticker,
            new Membership.Events() {
              public void joined(Member x) {
                events.add("join:" + x.name());
              }

              public void updated(Member x) {
                events.add("update:" + x.name());
              }

              public void left(Member x) {
                events.add("leave:" + x.name());
              }

              public void failed(Member x) {
                events.add("fail:" + x.name());
              }
            });
    ref[0] = m;
    m.aliveNode(alive("me", 1, A1, null), true, null);
  }

  private static Messages.Alive alive(String n, long inc, byte[] addr, byte[] meta) {
    return new Messages.Alive(inc, n, addr, 7946, meta, GossipEngine.VSN);
  }

  private static Messages.Accusation suspect(String n, long inc, String from) {
    return new Messages.Accusation(MessageType.SUSPECT, inc, n, from);
  }

  private static Messages.Accusation dead(String n, long inc, String from) {
    return new Messages.Accusation(MessageType.DEAD, inc, n, from);
  }

  @Test
  void aliveRequiresHigherIncarnationAndReportsMetaUpdates() {
    m.aliveNode(alive("b", 1, A2, null), false, null);
    m.aliveNode(alive("b", 1, A2, new byte[] {1}), false, null); // same incarnation: ignored
    assertEquals(0, m.member("b").metadata().length);
    m.aliveNode(alive("b", 2, A2, new byte[] {1}), false, null);
    assertEquals(1, m.member("b").metadata().length);
    assertEquals(List.of("join:me", "join:b", "update:b"), events);
  }

  @Test
  void refutesSuspicionAndDeathAboutItself() {
    m.suspectNode(suspect("me", 1, "x"));
    assertEquals(MemberState.ALIVE, m.member("me").state());
    assertTrue(m.member("me").incarnation() >= 2);
    m.deadNode(dead("me", 7, "x"), null);
    assertEquals(8, m.member("me").incarnation(), "refutation beats the accusation");
    assertEquals(MemberState.ALIVE, m.member("me").state());
    assertEquals(2, awareness.score(), "each refutation costs health");
  }

  @Test
  void suspicionExpiresIntoDeathWithConfirmationsShortening() {
    for (String n : List.of("b", "c", "d", "e")) {
      m.aliveNode(alive(n, 1, new byte[] {10, 0, 1, (byte) n.charAt(0)}, null), false, null);
    }
    m.suspectNode(suspect("b", 1, "c"));
    assertEquals(MemberState.SUSPECT, m.member("b").state());
    // n=5: min = 4 s, max = 24 s, k = 2
    ticker.advance(4 * S);
    m.suspectNode(suspect("b", 1, "d"));
    m.suspectNode(suspect("b", 1, "e"));
    ticker.advance(1);
    assertEquals(MemberState.DEAD, m.member("b").state());
    assertTrue(events.contains("fail:b"));
    // an alive with a higher incarnation brings it back: a join
    m.aliveNode(alive("b", 2, new byte[] {10, 0, 1, 'b'}, null), false, null);
    assertEquals(MemberState.ALIVE, m.member("b").state());
    assertEquals(2, events.stream().filter("join:b"::equals).count());
  }

  @Test
  void ipv6AddressesAreSixteenRawBytes() throws Exception {
    byte[] v6 = InetAddress.getByName("fd00::1").getAddress();
    byte[] wire = new Messages.Alive(1, "six", v6, 7946, null, GossipEngine.VSN).encode();
    Messages.Alive back = Messages.Alive.decode(Messages.body(wire, 1));
    assertEquals(16, back.addr().length);
    m.aliveNode(back, false, null);
    assertTrue(m.member("six").host() instanceof Inet6Address);
    m.aliveNode(new Messages.Alive(1, "bad", new byte[5], 1, null, GossipEngine.VSN), false, null);
    assertEquals(null, m.member("bad"), "addresses must be 4 or 16 bytes");
  }

  @Test
  void leftVersusDeadAndReclaim() {
    m.aliveNode(alive("b", 1, A2, null), false, null);
    m.deadNode(dead("b", 1, "b"), null);
    assertEquals(MemberState.LEFT, m.member("b").state());
    assertTrue(events.contains("leave:b"));
    // a left node may come back on a new address
    m.aliveNode(
        new Messages.Alive(2, "b", new byte[] {10, 0, 0, 3}, 8000, null, GossipEngine.VSN),
        false,
        null);
    assertEquals(8000, m.member("b").port());
    // an alive node's address cannot be taken over
    m.aliveNode(new Messages.Alive(5, "b", A2, 7946, null, GossipEngine.VSN), false, null);
    assertEquals(8000, m.member("b").port());
    // dead (not left) without DeadNodeReclaimTime: still not reclaimable
    m.deadNode(dead("b", 2, "me"), null);
    assertEquals(MemberState.DEAD, m.member("b").state());
    m.aliveNode(new Messages.Alive(6, "b", A2, 7946, null, GossipEngine.VSN), false, null);
    assertEquals(MemberState.DEAD, m.member("b").state());
  }

  @Test
  void mergeDowngradesRemoteDeadToSuspectAndRejectsBadVersions() {
    m.aliveNode(alive("b", 1, A2, null), false, null);
    m.mergeState(List.of(new Messages.PushNodeState("b", A2, 7946, null, 1, 2, GossipEngine.VSN)));
    assertEquals(MemberState.SUSPECT, m.member("b").state());
    assertEquals(
        null,
        m.verifyProtocol(
            List.of(new Messages.PushNodeState("c", A2, 1, null, 1, 0, GossipEngine.VSN))));
    assertTrue(
        m.verifyProtocol(
                List.of(
                    new Messages.PushNodeState(
                        "c", A2, 1, null, 1, 0, new byte[] {1, 5, 9, 0, 0, 0})))
            != null);
    m.aliveNode(
        new Messages.Alive(3, "z", A2, 1, null, new byte[] {3, 2, 2, 0, 0, 0}), false, null);
    assertEquals(null, m.member("z"), "pmin > pmax is ignored");
  }

  /**
   * An alive message whose versions this node's own push/pull check would refuse is not stored: one
   * such member (a fuzzed delegate version of 32) made every later join to the node fail.
   */
  @Test
  void aliveWithVersionsThisNodeCannotSpeakIsIgnoredSoJoinsKeepWorking() {
    byte[][] refused = {
      {1, 5, 2, 0, 0, 32}, // delegate version outside its own range
      {1, 5, 9, 0, 0, 0}, // protocol version outside its own range
      {1, 5, 2, 32, 32, 32}, // self-consistent, but a delegate version this node cannot speak
      {3, 5, 3, 0, 0, 0}, // cannot speak this node's protocol version 2
    };
    for (int i = 0; i < refused.length; i++) {
      m.aliveNode(new Messages.Alive(1, "v" + i, A2, 1, null, refused[i]), false, null);
      assertEquals(null, m.member("v" + i), "stored a member with versions " + i);
    }
    m.aliveNode(
        new Messages.Alive(1, "ok", A2, 1, null, new byte[] {1, 4, 4, 0, 0, 0}), false, null);
    assertTrue(m.member("ok") != null, "a compatible newer member was refused");
    assertEquals(
        null,
        m.verifyProtocol(
            List.of(new Messages.PushNodeState("j", A2, 1, null, 1, 0, GossipEngine.VSN))),
        "a join is refused");
  }
}
