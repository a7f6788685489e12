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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.gossip.internal.Compound;
import io.nativemesh.gossip.internal.Envelope;
import io.nativemesh.gossip.internal.GossipEngine;
import io.nativemesh.gossip.internal.Lzw;
import io.nativemesh.gossip.internal.MessageType;
import io.nativemesh.gossip.internal.Messages;
import io.nativemesh.gossip.internal.MsgpackReader;
import io.nativemesh.gossip.internal.MsgpackWriter;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors against the real Go memberlist: a hand-driven fake node (raw sockets, our codec
 * only) captures what Go sends and answers with packets we encode; Go's member list is the oracle.
 */
class GoldenVectorIT {
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  @Test
  void goPacketsDecodeAndJavaPacketsAreAccepted() throws Exception {
    int port = Ports.free();
    InetAddress lo = InetAddress.getByAddress(LOOPBACK);
    Envelope plain = new Envelope("", null);
    List<Messages.Ping> pings = new CopyOnWriteArrayList<>();
    List<byte[]> rawPings = new CopyOnWriteArrayList<>();
    List<Integer> types = new CopyOnWriteArrayList<>();
    try (ServerSocket tcp = new ServerSocket(port, 10, lo);
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, port))) {
      udp.setSoTimeout(200);
      Thread udpThread = new Thread(() -> answerPings(udp, plain, pings, rawPings, types));
      udpThread.setDaemon(true);
      udpThread.start();
      try (GoPeer go = GoPeer.start("gold", Ports.free(), "-join", "127.0.0.1:" + port)) {
        tcp.setSoTimeout(10_000);
        try (Socket s = tcp.accept()) {
          s.setSoTimeout(5000);
          InputStream in = new BufferedInputStream(s.getInputStream());
          // Go compresses every stream: [9]{Algo:0, Buf:lzw([6] header nodes...)}
          assertEquals(MessageType.COMPRESS, in.read(), "Go streams are LZW-compressed");
          Messages.Compress c = Messages.Compress.decode(new MsgpackReader(in, 1 << 20).readMap());
          assertEquals(0, c.algo());
          byte[] state = Lzw.decode(c.buf(), 1 << 20);
          assertEquals(MessageType.PUSH_PULL, state[0]);
          MsgpackReader r =
              new MsgpackReader(new ByteArrayInputStream(state, 1, state.length - 1), state.length);
          Messages.PushPullHeader h = Messages.PushPullHeader.decode(r.readMap());
          assertTrue(h.join(), "Join() sets Join=true");
          assertEquals(1, h.nodes());
          Messages.PushNodeState n = Messages.PushNodeState.decode(r.readMap());
          assertEquals("gold", n.name());
          assertArrayEquals(LOOPBACK, n.addr());
          assertEquals(go.port, n.port());
          assertArrayEquals(GossipEngine.VSN, n.vsn(), "Go advertises [1,5,2,0,0,0]");
          assertEquals(0, n.state());

          // reply with our state, LZW-compressed by our encoder
          MsgpackWriter w = new MsgpackWriter();
          w.rawByte(MessageType.PUSH_PULL);
          new Messages.PushPullHeader(1, 0, true).encode(w);
          new Messages.PushNodeState(
                  "fake",
                  LOOPBACK,
                  port,
                  "golden".getBytes(StandardCharsets.UTF_8),
                  1,
                  0,
                  GossipEngine.VSN)
              .encode(w);
          s.getOutputStream().write(new Messages.Compress(0, Lzw.encode(w.toByteArray())).encode());
          s.getOutputStream().flush();
        }
        assertTrue(
            go.awaitMembers(
                m -> m.containsKey("fake") && "golden".equals(m.get("fake").path("meta").asText()),
                Duration.ofSeconds(15)),
            () -> "Go did not accept our push/pull: " + go.members());

        // Go probes us: its ping must decode and re-encode byte for byte
        long end = System.nanoTime() + 5_000_000_000L;
        while (pings.isEmpty() && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        assertTrue(!pings.isEmpty(), "no ping from Go");
        Messages.Ping p = pings.get(0);
        assertEquals("fake", p.node());
        assertEquals("gold", p.sourceNode());
        assertEquals(go.port, p.sourcePort());
        assertArrayEquals(LOOPBACK, p.sourceAddr());
        assertArrayEquals(
            rawPings.get(0), p.encode(), "our ping encoding is byte-identical to Go's");

        // a metadata update (alive, incarnation 2) in a CRC'd compound, LZW-compressed
        byte[] alive =
            new Messages.Alive(
                    2,
                    "fake",
                    LOOPBACK,
                    port,
                    "golden2".getBytes(StandardCharsets.UTF_8),
                    GossipEngine.VSN)
                .encode();
        byte[] compound =
            Compound.make(
                List.of(
                    alive,
                    new Messages.Accusation(MessageType.SUSPECT, 0, "nobody", "fake").encode()));
        byte[] compressed = new Messages.Compress(0, Lzw.encode(compound)).encode();
        send(udp, plain.seal(compressed, true), go.port);
        assertTrue(
            go.awaitMembers(
                m -> m.containsKey("fake") && "golden2".equals(m.get("fake").path("meta").asText()),
                Duration.ofSeconds(15)),
            () -> "Go did not accept our alive: " + go.members());

        // leave: dead{Node=fake, From=fake} with CRC
        send(
            udp,
            plain.seal(new Messages.Accusation(MessageType.DEAD, 2, "fake", "fake").encode(), true),
            go.port);
        var ev =
            go.awaitLine(
                x ->
                    "leave".equals(x.path("kind").asText())
                        && "fake".equals(x.path("node").asText()),
                Duration.ofSeconds(15));
        assertTrue(ev != null, "Go did not accept our dead message");
        assertTrue(go.awaitMembers(m -> !m.containsKey("fake"), Duration.ofSeconds(9)));
      }
      udpThread.interrupt();
      udpThread.join(2000);
    }
  }

  private static void send(DatagramSocket udp, byte[] packet, int port) throws Exception {
    udp.send(new DatagramPacket(packet, packet.length, InetAddress.getByAddress(LOOPBACK), port));
  }

  /** Decodes every packet (through compound/compress/CRC) and acks pings with Java-encoded acks. */
  private static void answerPings(
      DatagramSocket udp,
      Envelope env,
      List<Messages.Ping> pings,
      List<byte[]> raw,
      List<Integer> types) {
    byte[] buf = new byte[65536];
    long end = System.nanoTime() + 30_000_000_000L;
    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < end) {
      DatagramPacket dp = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(dp);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (Exception e) {
        return;
      }
      try {
        byte[] msg = env.open(Arrays.copyOf(dp.getData(), dp.getLength()));
        List<byte[]> msgs = new ArrayList<>();
        flatten(msg, msgs);
        for (byte[] m : msgs) {
          types.add(m[0] & 0xff);
          if (m[0] == MessageType.PING) {
            Messages.Ping p = Messages.Ping.decode(Messages.body(m, 1));
            pings.add(p);
            raw.add(m);
            byte[] ack = new Messages.Ack(p.seqNo(), null).encode();
            udp.send(
                new DatagramPacket(
                    ack, ack.length, InetAddress.getByAddress(p.sourceAddr()), p.sourcePort()));
          }
        }
      } catch (Exception e) {
        throw new AssertionError("Go packet did not decode", e);
      }
    }
  }

  private static void flatten(byte[] msg, List<byte[]> out) throws Exception {
    if (msg[0] == MessageType.COMPOUND) {
      for (byte[] p : Compound.parts(msg, 1)) {
        flatten(p, out);
      }
    } else if (msg[0] == MessageType.COMPRESS) {
      flatten(Lzw.decode(Messages.Compress.decode(Messages.body(msg, 1)).buf(), 1 << 20), out);
    } else {
      out.add(msg);
    }
  }
}
