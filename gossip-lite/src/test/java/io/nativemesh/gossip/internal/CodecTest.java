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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nativemesh.gossip.Keyring;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void ackMatchesCapturedGoBytes() {
    // docs/memberlist.md, "msgpack encoding": 02 82 a7"Payload" c0 a5"SeqNo" 01
    byte[] go = hex("02 82 a7 5061796c6f6164 c0 a5 5365714e6f 01");
    assertArrayEquals(go, new Messages.Ack(1, null).encode());
  }

  @Test
  void vsnIsARawStringOfSixBytes() throws Exception {
    byte[] alive =
        new Messages.Alive(1, "n", new byte[] {127, 0, 0, 1}, 7946, null, GossipEngine.VSN)
            .encode();
    String h = HexFormat.of().formatHex(alive);
    assertEquals(true, h.contains("a6010502000000"), h);
    assertEquals(true, h.contains("a47f000001"), "IPv4 as 4 raw bytes: " + h);
    Messages.Alive back = Messages.Alive.decode(Messages.body(alive, 1));
    assertArrayEquals(GossipEngine.VSN, back.vsn());
    assertEquals(7946, back.port());
    assertEquals(null, back.meta());
  }

  @Test
  void decoderAcceptsBinAndStr8AndAnyKeyOrderAndUnknownKeys() throws Exception {
    // map{ "Zzz": [1,2], "SeqNo": cd 0102, "Node": d9 03 "abc", "SourceAddr": c4 04 7f000001 }
    byte[] b =
        hex(
            "84 a3 5a7a7a 92 01 02 a5 5365714e6f cd 0102 a4 4e6f6465 d9 03 616263"
                + " aa 536f7572636541646472 c4 04 7f000001");
    Map<String, Object> m = new MsgpackReader(new ByteArrayInputStream(b), b.length).readMap();
    Messages.Ping p = Messages.Ping.decode(m);
    assertEquals(258, p.seqNo());
    assertEquals("abc", p.node());
    assertArrayEquals(new byte[] {127, 0, 0, 1}, p.sourceAddr());
  }

  @Test
  void msgpackRejectsLengthsBeyondInput() {
    byte[] b = hex("db 7fffffff 00");
    assertThrows(
        WireFormatException.class,
        () -> new MsgpackReader(new ByteArrayInputStream(b), b.length).read());
    byte[] deep = new byte[40];
    Arrays.fill(deep, (byte) 0x91);
    assertThrows(
        WireFormatException.class,
        () -> new MsgpackReader(new ByteArrayInputStream(deep), 40).read());
  }

  @Test
  void integersUseShortestUnsignedForms() {
    assertEquals("7f", HexFormat.of().formatHex(new MsgpackWriter().uint(127).toByteArray()));
    assertEquals("cc80", HexFormat.of().formatHex(new MsgpackWriter().uint(128).toByteArray()));
    assertEquals("cd4e20", HexFormat.of().formatHex(new MsgpackWriter().uint(20000).toByteArray()));
    assertEquals(
        "ceffffffff",
        HexFormat.of().formatHex(new MsgpackWriter().uint(0xffffffffL).toByteArray()));
    assertEquals(
        "da0020",
        HexFormat.of()
            .formatHex(new MsgpackWriter().bytes(new byte[32]).toByteArray())
            .substring(0, 6),
        "32-byte strings use str16, never str8");
  }

  @Test
  void lzwRoundTripsIncludingTableResets() throws Exception {
    Random r = new Random(42);
    for (int size : new int[] {0, 1, 2, 100, 5000, 70_000}) {
      byte[] in = new byte[size];
      for (int i = 0; i < size; i++) {
        in[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 'a' + (i % 7));
      }
      assertArrayEquals(in, Lzw.decode(Lzw.encode(in), Lzw.MAX_DECOMPRESSED), "size " + size);
    }
  }

  @Test
  void lzwRejectsTruncatedOversizedAndInvalid() {
    byte[] enc = Lzw.encode("hello hello hello hello".getBytes());
    assertThrows(
        WireFormatException.class, () -> Lzw.decode(Arrays.copyOf(enc, enc.length - 2), 1000));
    assertThrows(WireFormatException.class, () -> Lzw.decode(enc, 5));
    assertThrows(WireFormatException.class, () -> Lzw.decode(new byte[0], 5));
    assertThrows(
        WireFormatException.class,
        () -> Lzw.decode(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}, 100));
  }

  @Test
  void compoundFramesAndDetectsTruncation() throws Exception {
    byte[] c = Compound.make(List.of(new byte[] {1, 2}, new byte[] {3}));
    assertArrayEquals(hex("07 02 0002 0001 0102 03"), c);
    assertEquals(2, Compound.parts(c, 1).size());
    WireFormatException e =
        assertThrows(
            WireFormatException.class, () -> Compound.parts(Arrays.copyOf(c, c.length - 1), 1));
    assertEquals(DropReason.TRUNCATED, e.reason());
  }

  @Test
  void envelopeCrcLabelAndEncryption() throws Exception {
    byte[] msg = new Messages.Nack(7).encode();
    Envelope plain = new Envelope("", null);
    byte[] withCrc = plain.seal(msg, true);
    assertEquals(MessageType.HAS_CRC, withCrc[0]);
    assertArrayEquals(msg, plain.open(withCrc));
    withCrc[withCrc.length - 1] ^= 1;
    assertEquals(
        DropReason.BAD_CRC,
        assertThrows(WireFormatException.class, () -> plain.open(withCrc)).reason());

    Keyring k = Keyring.of(new byte[16]);
    Envelope labelled = new Envelope("dc1", k);
    byte[] sealed = labelled.seal(msg, true);
    assertEquals(MessageType.HAS_LABEL, sealed[0] & 0xff);
    assertArrayEquals(msg, labelled.open(sealed));
    assertEquals(
        DropReason.LABEL_MISMATCH,
        assertThrows(WireFormatException.class, () -> new Envelope("dc2", k).open(sealed))
            .reason());
    assertEquals(
        DropReason.DECRYPT_FAILED,
        assertThrows(
                WireFormatException.class,
                () -> new Envelope("dc1", Keyring.of(new byte[24])).open(sealed))
            .reason());
    assertEquals(
        DropReason.DECRYPT_FAILED,
        assertThrows(WireFormatException.class, () -> new Envelope("", k).open(msg)).reason());
  }

  @Test
  void encryptionVersionZeroPaddingIsAccepted() throws Exception {
    byte[] key = new byte[32];
    byte[] v0 = Encryption.encrypt(0, key, new byte[] {1, 2, 3}, null);
    assertEquals(1 + 12 + 16 + 16, v0.length, "PKCS7 pads 3 bytes to one block");
    assertArrayEquals(
        new byte[] {1, 2, 3}, Encryption.decrypt(List.of(new byte[32], key), v0, null));
    assertEquals(1 + 12 + 3 + 16, Encryption.encrypt(1, key, new byte[] {1, 2, 3}, null).length);
  }
}
