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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.gossip.internal.Compound;
import io.nativemesh.gossip.internal.Envelope;
import io.nativemesh.gossip.internal.GossipEngine;
import io.nativemesh.gossip.internal.Lzw;
import io.nativemesh.gossip.internal.MessageType;
import io.nativemesh.gossip.internal.Messages;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad packets and streams are dropped and counted; the node keeps working (Java only). */
class BadPacketTest {
  private static final byte[] LO = {127, 0, 0, 1};
  private GossipPool a;
  private GossipPool b;
  private DatagramSocket udp;

  @AfterEach
  void tearDown() {
    if (udp != null) {
      udp.close();
    }
    for (GossipPool p : new GossipPool[] {b, a}) {
      if (p != null) {
        p.shutdown();
      }
    }
  }

  private GossipPool pool(String name, Keyring k, String label, String... seeds) {
    return GossipPool.start(
        GossipConfig.builder(name)
            .bind("127.0.0.1", 0)
            .profile(Profile.LOCAL)
            .keyring(k)
            .label(label)
            .seeds(seeds)
            .build());
  }

  private void send(GossipPool to, byte[] packet) throws Exception {
    udp.send(new DatagramPacket(packet, packet.length, InetAddress.getByAddress(LO), to.port()));
  }

  private static boolean counted(GossipPool p, String reason, long atLeast)
      throws InterruptedException {
    return Await.until(() -> p.stats().dropped(reason) >= atLeast, Duration.ofSeconds(9));
  }

  @Test
  void eachKindOfBadPacketIsCountedAndNodeSurvivesFuzzing() throws Exception {
    a = pool("a", null, "");
    udp = new DatagramSocket();
    Envelope plain = new Envelope("", null);
    byte[] ping = new Messages.Ping(1, "a", LO, udp.getLocalPort(), "x").encode();

    byte[] crc = plain.seal(ping, true);
    crc[crc.length - 1] ^= 0x55;
    send(a, crc);
    assertTrue(counted(a, "BAD_CRC", 1));

    byte[] compound = Compound.make(List.of(ping, ping));
    send(a, Arrays.copyOf(compound, compound.length - 3));
    assertTrue(counted(a, "TRUNCATED", 1));

    send(a, new byte[] {0x63, 1, 2, 3});
    assertTrue(counted(a, "UNKNOWN_TYPE", 1));

    send(a, new byte[] {MessageType.PING, (byte) 0xc1});
    assertTrue(counted(a, "MALFORMED", 1));

    // an alive message without a node name (a corrupted "Node" key reads as missing)
    send(a, new Messages.Alive(1, "", LO, 9, null, GossipEngine.VSN).encode());
    assertTrue(counted(a, "MALFORMED", 2));
    assertEquals(1, a.members().size(), "a member named \"\" was created: " + a.members());

    byte[] bigMeta = new byte[600];
    send(a, new Messages.Alive(1, "m", LO, 1, bigMeta, GossipEngine.VSN).encode());
    assertTrue(counted(a, "OVERSIZED", 1));

    // a decompression bomb: 41 MiB of zeros in ~30 KB of LZW, above memberlist's 40 MiB cap
    byte[] bomb = new Messages.Compress(0, Lzw.encode(new byte[41 * 1024 * 1024])).encode();
    assertTrue(bomb.length < 65_000, "bomb fits one datagram: " + bomb.length);
    send(a, bomb);
    assertTrue(counted(a, "OVERSIZED", 2));

    send(a, new byte[] {(byte) MessageType.HAS_LABEL, 3, 'd', 'c', '1', MessageType.PING});
    assertTrue(counted(a, "LABEL_MISMATCH", 1));

    // fuzz: random packets and bit-flipped valid ones (bounded count, fixed seed)
    Random r = new Random(7);
    byte[][] seeds = {
      ping,
      compound,
      new Messages.Alive(1, "f", LO, 9, null, GossipEngine.VSN).encode(),
      new Messages.Compress(0, Lzw.encode(compound)).encode(),
      plain.seal(ping, true)
    };
    for (int i = 0; i < 3000; i++) {
      byte[] p;
      if (i % 2 == 0) {
        p = new byte[1 + r.nextInt(200)];
        r.nextBytes(p);
      } else {
        p = seeds[r.nextInt(seeds.length)].clone();
        for (int f = 0; f < 1 + r.nextInt(4); f++) {
          p[r.nextInt(p.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      send(a, p);
      if (i % 50 == 0) {
        Thread.sleep(3); // let the receive buffer drain
      }
    }
    // the kernel may drop some datagrams on a loaded machine; most must arrive and be judged
    assertTrue(
        Await.until(() -> a.stats().udpPacketsReceived() >= 1500, Duration.ofSeconds(15)),
        () -> "received " + a.stats().udpPacketsReceived());
    long dropped = a.stats().droppedTotal();
    assertTrue(dropped > 750, "fuzz packets were counted as drops: " + a.stats().dropped());

    // TCP garbage: random bytes, an encrypted header without a keyring, an absurd push/pull
    for (byte[] junk :
        new byte[][] {
          {1, 2, 3},
          {MessageType.ENCRYPT, 0x7f, 0, 0, 0},
          {
            MessageType.PUSH_PULL,
            (byte) 0x83,
            (byte) 0xa5,
            'N',
            'o',
            'd',
            'e',
            's',
            (byte) 0xce,
            0x7f,
            0,
            0,
            0
          }
        }) {
      try (Socket s = new Socket(InetAddress.getByAddress(LO), a.port())) {
        OutputStream o = s.getOutputStream();
        o.write(junk);
        o.flush();
        s.shutdownOutput();
        s.getInputStream().readAllBytes();
      }
    }
    assertTrue(
        Await.until(() -> a.stats().dropped("UNEXPECTED_ENCRYPTION") >= 1, Duration.ofSeconds(9)),
        () -> "" + a.stats().dropped());

    // still a working member
    b = pool("b", null, "", a.address());
    assertTrue(
        Await.until(
            () ->
                GoInteropIT.names(a.members()).equals(Set.of("a", "b"))
                    && GoInteropIT.names(b.members()).equals(Set.of("a", "b")),
            Duration.ofSeconds(20)),
        () -> "a sees " + a.members() + ", b sees " + b.members());
  }

  @Test
  void wrongKeyAndPlaintextAreDroppedByEncryptedNode() throws Exception {
    Keyring k = Keyring.of(new byte[16]);
    a = pool("a", k, "lbl");
    udp = new DatagramSocket();
    byte[] ping = new Messages.Ping(1, "a", LO, udp.getLocalPort(), "x").encode();
    send(a, new Envelope("lbl", Keyring.of(new byte[32])).seal(ping, true));
    send(a, new Envelope("lbl", null).seal(ping, false));
    assertTrue(counted(a, "DECRYPT_FAILED", 2));
    // the right key and label get an encrypted ack back
    send(a, new Envelope("lbl", k).seal(ping, true));
    udp.setSoTimeout(3000);
    DatagramPacket dp = new DatagramPacket(new byte[2048], 2048);
    udp.receive(dp);
    byte[] ack = new Envelope("lbl", k).open(Arrays.copyOf(dp.getData(), dp.getLength()));
    if (ack[0] == MessageType.COMPOUND) { // ack with piggybacked broadcasts
      ack = Compound.parts(ack, 1).get(0);
    }
    assertEquals(MessageType.ACK, ack[0]);
    // Java-to-Java encrypted, labelled pool works; a different label cannot join
    b = pool("b", k, "lbl", a.address());
    assertTrue(
        Await.until(() -> a.members().size() == 2, Duration.ofSeconds(15)),
        () -> "a sees " + a.members());
    assertThrows(JoinException.class, () -> pool("c", k, "other", a.address()));
  }
}
