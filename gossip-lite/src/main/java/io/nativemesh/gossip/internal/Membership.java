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

import io.nativemesh.gossip.Member;
import io.nativemesh.gossip.MemberState;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member table and memberlist's state rules (state.go): alive / suspect / dead handling with
 * incarnations, refutation, left vs dead, dead-node reclaim, push/pull merge, the suspicion timers
 * with confirmations, and the shuffled round-robin probe order. All methods are thread-safe (one
 * lock, never held while calling out except to the broadcast queue and the event sink, which must
 * not call back in).
 */
public final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  /** Receives membership changes; called under the lock, must only enqueue. */
  public interface Events {
    void joined(Member m);

    void updated(Member m);

    void left(Member m);

    void failed(Member m);
  }

  /** Timing knobs the rules need. */
  public record Settings(
      int suspicionMult,
      int suspicionMaxTimeoutMult,
      long probeIntervalNanos,
      long gossipToTheDeadNanos,
      long deadNodeReclaimNanos) {}

  private final String localName;
  private final Settings settings;
  private final BroadcastQueue broadcasts;
  private final Awareness awareness;
  private final Ticker ticker;
  private final Events events;
  private final Random random = new Random();
  private final Map<String, NodeState> nodeMap = new HashMap<>();
  private final List<NodeState> nodes = new ArrayList<>();

  /**
   * nodes.size(), readable without the lock (memberlist's atomic numNodes): see {@link
   * #estNumNodes}.
   */
  private volatile int numNodes;

  private final Map<String, Suspicion> timers = new HashMap<>();
  private long incarnation;
  private boolean leaving;
  private int probeIndex;

  public Membership(
      String localName,
      Settings settings,
      BroadcastQueue broadcasts,
      Awareness awareness,
      Ticker ticker,
      Events events) {
    this.localName = localName;
    this.settings = settings;
    this.broadcasts = broadcasts;
    this.awareness = awareness;
    this.ticker = ticker;
    this.events = events;
  }

  public String localName() {
    return localName;
  }

  /** A probe/gossip target: an immutable copy of a node's addressing and state. */
  public record Target(
      String name, byte[] addr, int port, long incarnation, MemberState state, int pmax) {
    public InetSocketAddress socketAddress() {
      return NodeState.socketAddress(addr, port);
    }
  }

  private static Target target(NodeState n) {
    return new Target(n.name, n.addr, n.port, n.incarnation, n.state, n.pmax());
  }

  public synchronized long nextIncarnation() {
    return ++incarnation;
  }

  /**
   * memberlist's {@code estNumNodes} (known nodes incl. unreaped dead); lock-free like Go's: queues
   * call it under their lock.
   */
  public int estNumNodes() {
    return numNodes;
  }

  public synchronized boolean hasLeft() {
    return leaving;
  }

  /** Members that are alive or suspect (memberlist {@code Members()}). */
  public synchronized List<Member> members() {
    List<Member> l = new ArrayList<>();
    for (NodeState n : nodes) {
      if (!n.deadOrLeft()) {
        l.add(n.toMember());
      }
    }
    return l;
  }

  /** Every known member including dead and left ones not yet reaped. */
  public synchronized List<Member> allMembers() {
    List<Member> l = new ArrayList<>();
    for (NodeState n : nodes) {
      l.add(n.toMember());
    }
    return l;
  }

  public synchronized Member member(String name) {
    NodeState n = nodeMap.get(name);
    return n == null ? null : n.toMember();
  }

  /**
   * PMax for a packet sent by address only: as Go 0.2.2, the node <em>named</em> like the bare host
   * ({@code nodeMap[host]}), else 0.
   */
  public synchronized int pmaxAt(InetSocketAddress a) {
    if (a.getAddress() == null) {
      return 0;
    }
    NodeState n = nodeMap.get(a.getAddress().getHostAddress());
    return n == null ? 0 : n.pmax();
  }

  /**
   * Up to k random nodes (not self) not excluded by {@code exclude}, memberlist's {@code
   * kRandomNodes}.
   */
  public synchronized List<Target> randomNodes(int k, Predicate<Target> exclude) {
    List<Target> out = new ArrayList<>(k);
    int n = nodes.size();
    for (int i = 0; i < 3 * n && out.size() < k; i++) {
      NodeState s = nodes.get(random.nextInt(n));
      if (s.name.equals(localName)) {
        continue;
      }
      Target t = target(s);
      if (exclude.test(t)) {
        continue;
      }
      boolean dup = false;
      for (Target o : out) {
        dup |= o.name().equals(t.name());
      }
      if (!dup) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * True if a node died (not left) less than {@code GossipToTheDeadTime} ago: it still gets gossip.
   */
  public synchronized boolean recentlyDead(String name) {
    NodeState n = nodeMap.get(name);
    return n != null
        && n.state == MemberState.DEAD
        && ticker.nanoTime() - n.stateChangeNanos <= settings.gossipToTheDeadNanos();
  }

  /**
   * Next node to probe in round-robin order; reaps old dead nodes and reshuffles on wrap; null if
   * none.
   */
  public synchronized Target nextProbeTarget() {
    int numCheck = 0;
    while (numCheck <= nodes.size()) {
      if (probeIndex >= nodes.size()) {
        resetNodes();
        probeIndex = 0;
        numCheck++;
        continue;
      }
      NodeState n = nodes.get(probeIndex++);
      if (n.name.equals(localName) || n.deadOrLeft()) {
        numCheck++;
        continue;
      }
      return target(n);
    }
    return null;
  }

  private void resetNodes() {
    long now = ticker.nanoTime();
    nodes.removeIf(
        n -> {
          boolean reap =
              n.deadOrLeft()
                  && !n.name.equals(localName)
                  && now - n.stateChangeNanos > settings.gossipToTheDeadNanos();
          if (reap) {
            nodeMap.remove(n.name);
          }
          return reap;
        });
    numNodes = nodes.size();
    Collections.shuffle(nodes, random);
  }

  /**
   * memberlist {@code aliveNode}.
   *
   * @param bootstrap true for our own alive messages (initial or metadata update): never refuted
   * @param notify run when the resulting broadcast has been sent enough times, or null
   */
  public synchronized void aliveNode(Messages.Alive a, boolean bootstrap, Runnable notify) {
    NodeState state = nodeMap.get(a.node());
    if (leaving && a.node().equals(localName)) {
      return;
    }
    byte[] vsn = a.vsn();
    if (vsn.length >= 3 && (vsn[0] == 0 || vsn[1] == 0 || (vsn[0] & 0xff) > (vsn[1] & 0xff))) {
      return;
    }
    if (!compatible(vsn, GossipEngine.VSN)) {
      return;
    }
    if (a.addr() == null || (a.addr().length != 4 && a.addr().length != 16)) {
      return;
    }
    boolean updatesNode = false;
    if (state == null) {
      state = new NodeState(a.node(), a.addr(), a.port(), a.meta());
      if (vsn.length > 5) {
        state.vsn = vsn;
      }
      nodeMap.put(a.node(), state);
      int n = nodes.size();
      int offset = n == 0 ? 0 : random.nextInt(n);
      nodes.add(state);
      Collections.swap(nodes, offset, n);
      numNodes = nodes.size();
    } else if (!Arrays.equals(state.addr, a.addr()) || state.port != a.port()) {
      boolean canReclaim =
          settings.deadNodeReclaimNanos() > 0
              && ticker.nanoTime() - state.stateChangeNanos > settings.deadNodeReclaimNanos();
      if (state.state == MemberState.LEFT || (state.state == MemberState.DEAD && canReclaim)) {
        updatesNode = true;
      } else {
        LOG.warn(
            "conflicting address for {}: known {}:{}, alive from {}",
            a.node(),
            state.socketAddress(),
            state.port,
            NodeState.socketAddress(a.addr(), a.port()));
        return;
      }
    }
    boolean isLocal = state.name.equals(localName);
    if (a.incarnation() <= state.incarnation && !isLocal && !updatesNode) {
      return;
    }
    if (a.incarnation() < state.incarnation && isLocal) {
      return;
    }
    Suspicion t = timers.remove(a.node());
    if (t != null) {
      t.cancel();
    }
    MemberState oldState = state.state;
    byte[] oldMeta = state.meta;
    if (!bootstrap && isLocal) {
      if (a.incarnation() == state.incarnation
          && metaEquals(a.meta(), state.meta)
          && Arrays.equals(vsn, state.vsn)) {
        return;
      }
      refute(state, a.incarnation());
      LOG.warn("refuting an alive message for {} (incarnation {})", localName, a.incarnation());
    } else {
      broadcasts.queue(a.node(), a.encode(), notify);
      if (vsn.length > 5) {
        state.vsn = vsn;
      }
      state.incarnation = a.incarnation();
      state.meta = a.meta();
      state.addr = a.addr();
      state.port = a.port();
      if (state.state != MemberState.ALIVE) {
        state.state = MemberState.ALIVE;
        state.stateChangeNanos = ticker.nanoTime();
      }
    }
    if (oldState == MemberState.DEAD || oldState == MemberState.LEFT) {
      events.joined(state.toMember());
    } else if (!metaEquals(oldMeta, state.meta) || updatesNode) {
      events.updated(state.toMember());
    }
  }

  /** Go's {@code bytes.Equal}: nil and empty are equal. */
  static boolean metaEquals(byte[] a, byte[] b) {
    return Arrays.equals(a == null ? new byte[0] : a, b == null ? new byte[0] : b);
  }

  /** memberlist {@code suspectNode}. */
  public synchronized void suspectNode(Messages.Accusation s) {
    NodeState state = nodeMap.get(s.node());
    if (state == null || s.incarnation() < state.incarnation) {
      return;
    }
    Suspicion timer = timers.get(s.node());
    if (timer != null) {
      if (timer.confirm(s.from())) {
        LOG.debug(
            "suspicion of {}: confirmation {} from {}", s.node(), timer.confirmations(), s.from());
        broadcasts.queue(s.node(), s.encode(), null);
      }
      return;
    }
    if (state.state != MemberState.ALIVE) {
      return;
    }
    if (state.name.equals(localName)) {
      refute(state, s.incarnation());
      LOG.warn("refuting a suspect message from {}", s.from());
      return;
    }
    broadcasts.queue(s.node(), s.encode(), null);
    state.incarnation = s.incarnation();
    state.state = MemberState.SUSPECT;
    long changeTime = ticker.nanoTime();
    state.stateChangeNanos = changeTime;
    int k = settings.suspicionMult() - 2;
    int n = nodes.size();
    if (n - 2 < k) {
      k = 0;
    }
    long min = suspicionTimeoutNanos(settings.suspicionMult(), n, settings.probeIntervalNanos());
    long max = settings.suspicionMaxTimeoutMult() * min;
    String name = s.node();
    LOG.debug(
        "suspecting {} (from {}): k={}, timeout {}..{} ms",
        name,
        s.from(),
        k,
        min / 1_000_000L,
        max / 1_000_000L);
    timers.put(
        name,
        new Suspicion(s.from(), k, min, max, ticker, c -> suspicionExpired(name, changeTime, c)));
  }

  private void suspicionExpired(String name, long changeTime, int confirmations) {
    synchronized (this) {
      NodeState state = nodeMap.get(name);
      if (state != null
          && state.state == MemberState.SUSPECT
          && state.stateChangeNanos == changeTime) {
        LOG.info(
            "marking {} as failed, suspect timeout reached ({} peer confirmations)",
            name,
            confirmations);
        deadNode(
            new Messages.Accusation(MessageType.DEAD, state.incarnation, name, localName), null);
      }
    }
  }

  /** memberlist {@code suspicionTimeout}: {@code mult * max(1, log10(max(1, n))) * interval}. */
  public static long suspicionTimeoutNanos(int mult, int n, long intervalNanos) {
    double nodeScale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
    long intervalMs = intervalNanos / 1_000_000L;
    return mult * (long) (nodeScale * 1000) * intervalMs / 1000 * 1_000_000L;
  }

  /** memberlist {@code deadNode}; {@code from == node} means the node left. */
  public synchronized void deadNode(Messages.Accusation d, Runnable notify) {
    NodeState state = nodeMap.get(d.node());
    if (state == null || d.incarnation() < state.incarnation) {
      return;
    }
    Suspicion t = timers.remove(d.node());
    if (t != null) {
      t.cancel();
    }
    if (state.deadOrLeft()) {
      return;
    }
    if (state.name.equals(localName)) {
      if (!leaving) {
        refute(state, d.incarnation());
        LOG.warn("refuting a dead message from {}", d.from());
        return;
      }
      broadcasts.queue(d.node(), d.encode(), notify);
    } else {
      broadcasts.queue(d.node(), d.encode(), null);
    }
    state.incarnation = d.incarnation();
    state.state = d.node().equals(d.from()) ? MemberState.LEFT : MemberState.DEAD;
    state.stateChangeNanos = ticker.nanoTime();
    if (state.state == MemberState.LEFT) {
      events.left(state.toMember());
    } else {
      events.failed(state.toMember());
    }
  }

  private void refute(NodeState me, long accusedInc) {
    long inc = ++incarnation;
    if (accusedInc >= inc) {
      incarnation = accusedInc + 1;
      inc = incarnation;
    }
    me.incarnation = inc;
    awareness.applyDelta(1);
    broadcasts.queue(
        me.name,
        new Messages.Alive(inc, me.name, me.addr, me.port, me.meta, me.vsn).encode(),
        null);
  }

  /**
   * Marks this node as leaving and gossips {@code dead{From = self}}; {@code notify} runs once
   * sent.
   */
  public synchronized boolean leave(Runnable notify) {
    if (leaving) {
      return false;
    }
    leaving = true;
    NodeState me = nodeMap.get(localName);
    if (me == null) {
      return false;
    }
    deadNode(
        new Messages.Accusation(MessageType.DEAD, me.incarnation, localName, localName), notify);
    return true;
  }

  /** True if any other node is alive (memberlist {@code anyAlive}). */
  public synchronized boolean anyAlive() {
    for (NodeState n : nodes) {
      if (!n.deadOrLeft() && !n.name.equals(localName)) {
        return true;
      }
    }
    return false;
  }

  /**
   * memberlist {@code mergeState}: alive → alive; left → dead(from=self node); dead/suspect →
   * suspect.
   */
  public void mergeState(List<Messages.PushNodeState> remote) {
    for (Messages.PushNodeState r : remote) {
      switch (r.state()) {
        case 0 ->
            aliveNode(
                new Messages.Alive(
                    r.incarnation(), r.name(), r.addr(), r.port(), r.meta(), r.vsn()),
                false,
                null);
        case 3 ->
            deadNode(
                new Messages.Accusation(MessageType.DEAD, r.incarnation(), r.name(), r.name()),
                null);
        case 1, 2 ->
            suspectNode(
                new Messages.Accusation(MessageType.SUSPECT, r.incarnation(), r.name(), localName));
        default -> LOG.debug("ignoring unknown state {} for {}", r.state(), r.name());
      }
    }
  }

  /** Our whole table for a push/pull. */
  public synchronized List<Messages.PushNodeState> localState() {
    List<Messages.PushNodeState> l = new ArrayList<>(nodes.size());
    for (NodeState n : nodes) {
      l.add(
          new Messages.PushNodeState(
              n.name, n.addr, n.port, n.meta, n.incarnation, n.state.ordinal(), n.vsn));
    }
    return l;
  }

  /**
   * Whether a member with version vector {@code v} ({@code [pmin, pmax, pcur, dmin, dmax, dcur]})
   * may join this node's member list: each of its current versions within its own range and within
   * this node's, and this node's current versions within its ranges. {@link #verifyProtocol} would
   * refuse any other member in a push/pull, so storing one (from a corrupted alive message, which
   * memberlist itself accepts) made every later join to this node fail: {@code BadPacketTest}'s
   * fuzzing once flipped a delegate version to 32. Vectors shorter than 6 bytes (older senders)
   * pass, as in {@link #verifyProtocol}.
   *
   * @param v the member's vector
   * @param mine this node's vector (6 bytes)
   * @return whether the two are compatible
   */
  static boolean compatible(byte[] v, byte[] mine) {
    if (v.length < 6) {
      return true;
    }
    int pmin = v[0] & 0xff;
    int pmax = v[1] & 0xff;
    int pcur = v[2] & 0xff;
    int dmin = v[3] & 0xff;
    int dmax = v[4] & 0xff;
    int dcur = v[5] & 0xff;
    return within(pcur, pmin, pmax)
        && within(dcur, dmin, dmax)
        && within(pcur, mine[0] & 0xff, mine[1] & 0xff)
        && within(dcur, mine[3] & 0xff, mine[4] & 0xff)
        && within(mine[2] & 0xff, pmin, pmax)
        && within(mine[5] & 0xff, dmin, dmax);
  }

  private static boolean within(int x, int min, int max) {
    return min <= x && x <= max;
  }

  /**
   * memberlist {@code verifyProtocol}: intersects the [min, max] ranges of all alive nodes (ours
   * and remote) and checks every node's current version lies inside.
   *
   * @return null if compatible, else a reason
   */
  public synchronized String verifyProtocol(List<Messages.PushNodeState> remote) {
    int maxpmin = 0;
    int minpmax = 255;
    int maxdmin = 0;
    int mindmax = 255;
    List<byte[]> all = new ArrayList<>();
    for (Messages.PushNodeState r : remote) {
      if (r.state() == 0 && r.vsn().length >= 6) {
        all.add(r.vsn());
      }
    }
    for (NodeState n : nodes) {
      if (n.state == MemberState.ALIVE && n.vsn.length >= 6) {
        all.add(n.vsn);
      }
    }
    for (byte[] v : all) {
      maxpmin = Math.max(maxpmin, v[0] & 0xff);
      minpmax = Math.min(minpmax, v[1] & 0xff);
      maxdmin = Math.max(maxdmin, v[3] & 0xff);
      mindmax = Math.min(mindmax, v[4] & 0xff);
    }
    List<String> names = new ArrayList<>();
    List<byte[]> cur = new ArrayList<>();
    for (Messages.PushNodeState r : remote) {
      names.add(r.name());
      cur.add(r.vsn());
    }
    for (NodeState n : nodes) {
      names.add(n.name);
      cur.add(n.vsn);
    }
    for (int i = 0; i < names.size(); i++) {
      byte[] v = cur.get(i);
      int pcur = v.length > 2 ? v[2] & 0xff : 0;
      int dcur = v.length > 5 ? v[5] & 0xff : 0;
      if (pcur < maxpmin || pcur > minpmax) {
        return "node "
            + names.get(i)
            + " protocol version "
            + pcur
            + " outside ["
            + maxpmin
            + ","
            + minpmax
            + "]";
      }
      if (dcur < maxdmin || dcur > mindmax) {
        return "node "
            + names.get(i)
            + " delegate version "
            + dcur
            + " outside ["
            + maxdmin
            + ","
            + mindmax
            + "]";
      }
    }
    return null;
  }

  /** Our own alive message at the given incarnation (for UpdateNode). */
  public synchronized Messages.Alive localAlive(long inc, byte[] meta) {
    NodeState me = nodeMap.get(localName);
    return new Messages.Alive(inc, localName, me.addr, me.port, meta, me.vsn);
  }

  /** Number of running suspicion timers (for tests). */
  public synchronized int suspicions() {
    return timers.size();
  }

  /** Cancels every suspicion timer (shutdown). */
  public synchronized void cancelTimers() {
    timers.values().forEach(Suspicion::cancel);
    timers.clear();
  }
}
