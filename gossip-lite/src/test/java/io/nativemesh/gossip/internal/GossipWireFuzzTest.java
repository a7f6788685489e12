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

import io.nativemesh.gossip.Keyring;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes every decoder a gossip packet passes through (issue 18): the envelope (label, encryption
 * with AES-GCM, CRC), compound splitting, LZW, msgpack bodies and each message type. Inputs are
 * random bytes and random mutations of valid packets (so the fuzzer gets past the first check).
 * Every decoder returns or throws {@link IOException} (a {@link WireFormatException} naming the
 * drop reason): no other exception, no out-of-memory on a forged length, no hang. Tries: {@code
 * jqwik.tries.default}.
 */
class GossipWireFuzzTest {
  private static final byte[] KEY = new byte[16];
  private static final Envelope PLAIN = new Envelope("", null);
  private static final Envelope LABELLED_ENCRYPTED = new Envelope("fuzz", Keyring.of(KEY));

  @FunctionalInterface
  interface Decoder {
    void decode(byte[] in) throws IOException;
  }

  private static void onlyIoExceptions(byte[] in, Decoder d) {
    try {
      d.decode(in);
    } catch (IOException expected) {
      // a refused packet
    }
  }

  /** What the engine does with a packet after the envelope, every type. */
  private static void decodeCommand(byte[] msg, int depth) throws IOException {
    if (msg.length == 0 || depth > 4) {
      return;
    }
    switch (msg[0] & 0xff) {
      case MessageType.COMPOUND -> {
        for (byte[] p : Compound.parts(msg, 1)) {
          onlyIoExceptions(p, q -> decodeCommand(q, depth + 1));
        }
      }
      case MessageType.COMPRESS -> {
        Messages.Compress c = Messages.Compress.decode(Messages.body(msg, 1));
        decodeCommand(Lzw.decode(c.buf(), Lzw.MAX_DECOMPRESSED), depth + 1);
      }
      case MessageType.PING -> Messages.Ping.decode(Messages.body(msg, 1));
      case MessageType.INDIRECT_PING -> Messages.IndirectPing.decode(Messages.body(msg, 1));
      case MessageType.ACK -> Messages.Ack.decode(Messages.body(msg, 1));
      case MessageType.NACK -> Messages.Nack.decode(Messages.body(msg, 1));
      case MessageType.SUSPECT ->
          Messages.Accusation.decode(MessageType.SUSPECT, Messages.body(msg, 1));
      case MessageType.DEAD -> Messages.Accusation.decode(MessageType.DEAD, Messages.body(msg, 1));
      case MessageType.ALIVE -> Messages.Alive.decode(Messages.body(msg, 1));
      default -> {
        Map<String, Object> body = Messages.body(msg, 1);
        Messages.PushPullHeader.decode(body);
        Messages.PushNodeState.decode(body);
      }
    }
  }

  @Property
  void randomPacketsAreRefusedWithAReason(@ForAll("packets") byte[] packet) {
    onlyIoExceptions(packet, p -> decodeCommand(PLAIN.open(p), 0));
    onlyIoExceptions(packet, p -> decodeCommand(LABELLED_ENCRYPTED.open(p), 0));
    onlyIoExceptions(packet, p -> Compound.parts(p, 0));
    onlyIoExceptions(packet, p -> Lzw.decode(p, Lzw.MAX_DECOMPRESSED));
    onlyIoExceptions(packet, p -> Encryption.decrypt(List.of(KEY), p, new byte[0]));
    onlyIoExceptions(packet, p -> decodeCommand(p, 0));
  }

  @Property
  void mutatedValidPacketsAreDecodedOrRefused(
      @ForAll("valid") byte[] valid, @ForAll("flips") List<Integer> flips) {
    byte[] p = valid.clone();
    for (int f : flips) {
      if (p.length > 0) {
        int i = Math.floorMod(f, p.length);
        p[i] ^= (byte) (1 << Math.floorMod(f >> 8, 8));
      }
    }
    onlyIoExceptions(p, q -> decodeCommand(PLAIN.open(q), 0));
    onlyIoExceptions(p, q -> decodeCommand(q, 0));
  }

  @Provide
  Arbitrary<byte[]> packets() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> typed =
        Arbitraries.integers()
            .between(0, 20)
            .flatMap(t -> random.map(b -> prefix(t.byteValue(), b)));
    return Arbitraries.oneOf(random, typed);
  }

  @Provide
  Arbitrary<byte[]> valid() {
    byte[] ping = new Messages.Ping(7, "node-a", new byte[] {127, 0, 0, 1}, 7946, "src").encode();
    byte[] compound = Compound.make(List.of(ping, ping));
    byte[] compressed = new Messages.Compress(0, Lzw.encode(compound)).encode();
    return Arbitraries.of(ping, compound, compressed, PLAIN.seal(compound, true));
  }

  @Provide
  Arbitrary<List<Integer>> flips() {
    return Arbitraries.integers().list().ofMinSize(1).ofMaxSize(6);
  }

  private static byte[] prefix(byte type, byte[] rest) {
    byte[] out = new byte[rest.length + 1];
    out[0] = type;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
