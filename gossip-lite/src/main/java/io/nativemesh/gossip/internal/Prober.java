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

import io.nativemesh.gossip.MemberState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SWIM probe as memberlist's {@code probeNode}: UDP ping (compound ping + suspect to a suspect
 * node: the Lifeguard buddy system), wait {@code ProbeTimeout}; then indirect pings with nack
 * requests to {@code IndirectChecks} peers plus a TCP fallback ping, wait until the end of the
 * health-scaled probe interval; finally suspect the node. Adjusts the awareness score. Runs on the
 * engine's probe thread.
 */
final class Prober {
  private static final Logger LOG = LoggerFactory.getLogger(Prober.class);
  private final GossipEngine engine;
  private final ExecutorService tcpPingPool;

  Prober(GossipEngine engine, ExecutorService tcpPingPool) {
    this.engine = engine;
    this.tcpPingPool = tcpPingPool;
  }

  void probe(Membership.Target node) throws InterruptedException {
    EngineSettings s = engine.settings();
    long probeIntervalNanos = engine.awareness().scale(s.probeInterval()).toNanos();
    long seq = engine.nextSeqNo();
    Messages.Ping ping = engine.ping(seq, node.name());
    CompletableFuture<Boolean> acked = new CompletableFuture<>();
    AtomicInteger nacks = new AtomicInteger();
    engine
        .acks()
        .register(seq, payload -> acked.complete(true), nacks::incrementAndGet, probeIntervalNanos);
    long sent = System.nanoTime();
    long deadline = sent + probeIntervalNanos;
    int awarenessDelta = -1;
    try {
      if (node.state() == MemberState.ALIVE) {
        engine.sendMsg(
            node.socketAddress(),
            ping.encode(),
            -1); // Go: encodeAndSendMsg, node looked up by address
      } else {
        List<byte[]> msgs = new ArrayList<>();
        msgs.add(ping.encode());
        msgs.add(
            new Messages.Accusation(
                    MessageType.SUSPECT, node.incarnation(), node.name(), engine.localName())
                .encode());
        engine.rawSend(node.socketAddress(), Compound.make(msgs), node.pmax());
      }
      if (await(acked, s.probeTimeout().toNanos())) {
        return;
      }
      List<Membership.Target> peers =
          engine
              .membership()
              .randomNodes(
                  s.indirectChecks(),
                  t -> t.name().equals(node.name()) || t.state() != MemberState.ALIVE);
      int expectedNacks = 0;
      for (Membership.Target peer : peers) {
        boolean nack = peer.pmax() >= 4;
        if (nack) {
          expectedNacks++;
        }
        byte[] self = engine.advertiseAddr();
        engine.sendMsg(
            peer.socketAddress(),
            new Messages.IndirectPing(
                    seq,
                    node.addr(),
                    node.port(),
                    node.name(),
                    nack,
                    self,
                    engine.advertisePort(),
                    engine.localName())
                .encode(),
            -1);
      }
      CompletableFuture<Boolean> tcp = CompletableFuture.completedFuture(false);
      if (!s.disableTcpPings() && node.pmax() >= 3) {
        long ms = (deadline - System.nanoTime()) / 1_000_000L;
        tcp =
            CompletableFuture.supplyAsync(
                () -> engine.streams().tcpPing(node.socketAddress(), ping, ms), tcpPingPool);
      }
      if (await(acked, deadline - System.nanoTime())) {
        return;
      }
      if (await(tcp, Math.max(0, deadline - System.nanoTime()) + 50_000_000L)) {
        LOG.warn(
            "UDP probe of {} failed but TCP succeeded: network may be misconfigured", node.name());
        return;
      }
      awarenessDelta = 0;
      if (expectedNacks > 0) {
        int got = nacks.get();
        if (got < expectedNacks) {
          awarenessDelta += expectedNacks - got;
        }
      } else {
        awarenessDelta += 1;
      }
      LOG.info(
          "suspect {} has failed, no acks received (nacks {} of {}, awareness delta {})",
          node.name(),
          nacks.get(),
          expectedNacks,
          awarenessDelta);
      engine
          .membership()
          .suspectNode(
              new Messages.Accusation(
                  MessageType.SUSPECT, node.incarnation(), node.name(), engine.localName()));
    } finally {
      engine.awareness().applyDelta(awarenessDelta);
    }
  }

  private static boolean await(CompletableFuture<Boolean> f, long nanos)
      throws InterruptedException {
    if (nanos <= 0) {
      return f.isDone() && Boolean.TRUE.equals(f.getNow(false));
    }
    try {
      return Boolean.TRUE.equals(f.get(nanos, TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }
}
