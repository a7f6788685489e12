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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * memberlist's msgpack message bodies (net.go structs) with encoders that emit keys in the order
 * go-msgpack 0.5.x does (alphabetical) and tolerant decoders (any key order, unknown keys skipped,
 * missing keys default to zero values like Go).
 */
public final class Messages {
  /** Maximum node metadata size (memberlist MetaMaxSize). */
  public static final int META_MAX_SIZE = 512;

  private Messages() {}

  public record Ping(
      long seqNo, String node, byte[] sourceAddr, int sourcePort, String sourceNode) {
    public byte[] encode() {
      MsgpackWriter w = start(MessageType.PING);
      boolean addr = sourceAddr != null && sourceAddr.length > 0;
      boolean port = sourcePort != 0;
      boolean src = sourceNode != null && !sourceNode.isEmpty();
      w.mapHeader(2 + (addr ? 1 : 0) + (port ? 1 : 0) + (src ? 1 : 0));
      w.string("Node").string(node).string("SeqNo").uint(seqNo);
      if (addr) {
        w.string("SourceAddr").bytes(sourceAddr);
      }
      if (src) {
        w.string("SourceNode").string(sourceNode);
      }
      if (port) {
        w.string("SourcePort").uint(sourcePort);
      }
      return w.toByteArray();
    }

    public static Ping decode(Map<String, Object> m) throws WireFormatException {
      return new Ping(
          u32(m, "SeqNo"),
          str(m, "Node"),
          bytes(m, "SourceAddr"),
          u16(m, "SourcePort"),
          str(m, "SourceNode"));
    }
  }

  public record IndirectPing(
      long seqNo,
      byte[] target,
      int port,
      String node,
      boolean nack,
      byte[] sourceAddr,
      int sourcePort,
      String sourceNode) {
    public byte[] encode() {
      MsgpackWriter w = start(MessageType.INDIRECT_PING);
      w.mapHeader(8);
      w.string("Nack")
          .bool(nack)
          .string("Node")
          .string(node)
          .string("Port")
          .uint(port)
          .string("SeqNo")
          .uint(seqNo)
          .string("SourceAddr")
          .bytes(sourceAddr)
          .string("SourceNode")
          .string(sourceNode)
          .string("SourcePort")
          .uint(sourcePort)
          .string("Target")
          .bytes(target);
      return w.toByteArray();
    }

    public static IndirectPing decode(Map<String, Object> m) throws WireFormatException {
      return new IndirectPing(
          u32(m, "SeqNo"),
          bytes(m, "Target"),
          u16(m, "Port"),
          str(m, "Node"),
          bool(m, "Nack"),
          bytes(m, "SourceAddr"),
          u16(m, "SourcePort"),
          str(m, "SourceNode"));
    }
  }

  public record Ack(long seqNo, byte[] payload) {
    public byte[] encode() {
      return start(MessageType.ACK)
          .mapHeader(2)
          .string("Payload")
          .bytes(payload)
          .string("SeqNo")
          .uint(seqNo)
          .toByteArray();
    }

    public static Ack decode(Map<String, Object> m) throws WireFormatException {
      return new Ack(u32(m, "SeqNo"), bytes(m, "Payload"));
    }
  }

  public record Nack(long seqNo) {
    public byte[] encode() {
      return start(MessageType.NACK).mapHeader(1).string("SeqNo").uint(seqNo).toByteArray();
    }

    public static Nack decode(Map<String, Object> m) throws WireFormatException {
      return new Nack(u32(m, "SeqNo"));
    }
  }

  /** suspect (type 3) and dead (type 5) share this shape. */
  public record Accusation(int type, long incarnation, String node, String from) {
    public byte[] encode() {
      return start(type)
          .mapHeader(3)
          .string("From")
          .string(from)
          .string("Incarnation")
          .uint(incarnation)
          .string("Node")
          .string(node)
          .toByteArray();
    }

    public static Accusation decode(int type, Map<String, Object> m) throws WireFormatException {
      return new Accusation(type, u32(m, "Incarnation"), memberName(m, "Node"), str(m, "From"));
    }
  }

  public record Alive(
      long incarnation, String node, byte[] addr, int port, byte[] meta, byte[] vsn) {
    public byte[] encode() {
      return start(MessageType.ALIVE)
          .mapHeader(6)
          .string("Addr")
          .bytes(addr)
          .string("Incarnation")
          .uint(incarnation)
          .string("Meta")
          .bytes(meta)
          .string("Node")
          .string(node)
          .string("Port")
          .uint(port)
          .string("Vsn")
          .bytes(vsn)
          .toByteArray();
    }

    public static Alive decode(Map<String, Object> m) throws WireFormatException {
      return new Alive(
          u32(m, "Incarnation"),
          memberName(m, "Node"),
          bytes(m, "Addr"),
          u16(m, "Port"),
          bytes(m, "Meta"),
          vsnOf(m));
    }
  }

  public record PushPullHeader(long nodes, long userStateLen, boolean join) {
    public void encode(MsgpackWriter w) {
      w.mapHeader(3)
          .string("Join")
          .bool(join)
          .string("Nodes")
          .uint(nodes)
          .string("UserStateLen")
          .uint(userStateLen);
    }

    public static PushPullHeader decode(Map<String, Object> m) throws WireFormatException {
      return new PushPullHeader(lng(m, "Nodes"), lng(m, "UserStateLen"), bool(m, "Join"));
    }
  }

  /** One node in a push/pull exchange; state: 0 alive, 1 suspect, 2 dead, 3 left. */
  public record PushNodeState(
      String name, byte[] addr, int port, byte[] meta, long incarnation, int state, byte[] vsn) {
    public void encode(MsgpackWriter w) {
      w.mapHeader(7)
          .string("Addr")
          .bytes(addr)
          .string("Incarnation")
          .uint(incarnation)
          .string("Meta")
          .bytes(meta)
          .string("Name")
          .string(name)
          .string("Port")
          .uint(port)
          .string("State")
          .uint(state)
          .string("Vsn")
          .bytes(vsn);
    }

    public static PushNodeState decode(Map<String, Object> m) throws WireFormatException {
      return new PushNodeState(
          memberName(m, "Name"),
          bytes(m, "Addr"),
          u16(m, "Port"),
          bytes(m, "Meta"),
          u32(m, "Incarnation"),
          (int) lng(m, "State"),
          vsnOf(m));
    }
  }

  public record Compress(int algo, byte[] buf) {
    public byte[] encode() {
      return start(MessageType.COMPRESS)
          .mapHeader(2)
          .string("Algo")
          .uint(algo)
          .string("Buf")
          .bytes(buf)
          .toByteArray();
    }

    public static Compress decode(Map<String, Object> m) throws WireFormatException {
      return new Compress((int) lng(m, "Algo"), bytes(m, "Buf"));
    }
  }

  public record ErrResp(String error) {
    public byte[] encode() {
      return start(MessageType.ERR).mapHeader(1).string("Error").string(error).toByteArray();
    }
  }

  /** Decodes the msgpack body of a UDP message (after its type byte). */
  public static Map<String, Object> body(byte[] buf, int offset) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(buf, offset, buf.length - offset);
    return new MsgpackReader(in, buf.length - offset).readMap();
  }

  static MsgpackWriter start(int type) {
    return new MsgpackWriter().rawByte(type);
  }

  // ---- field accessors with Go zero-value defaults

  static long lng(Map<String, Object> m, String k) throws WireFormatException {
    Object v = m.get(k);
    if (v == null) {
      return 0;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new WireFormatException("field " + k + " is not an integer");
  }

  static long u32(Map<String, Object> m, String k) throws WireFormatException {
    return lng(m, k) & 0xffff_ffffL;
  }

  static int u16(Map<String, Object> m, String k) throws WireFormatException {
    return (int) (lng(m, k) & 0xffff);
  }

  static boolean bool(Map<String, Object> m, String k) throws WireFormatException {
    Object v = m.get(k);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Long l) {
      return l != 0;
    }
    throw new WireFormatException("field " + k + " is not a bool");
  }

  static byte[] bytes(Map<String, Object> m, String k) throws WireFormatException {
    Object v = m.get(k);
    if (v == null) {
      return null;
    }
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof List<?> l) { // a []uint8 some encoders write as an array
      byte[] b = new byte[l.size()];
      for (int i = 0; i < b.length; i++) {
        if (!(l.get(i) instanceof Long x)) {
          throw new WireFormatException("field " + k + " is not a byte array");
        }
        b[i] = (byte) (long) x;
      }
      return b;
    }
    throw new WireFormatException("field " + k + " is not bytes");
  }

  static String str(Map<String, Object> m, String k) throws WireFormatException {
    byte[] b = bytes(m, k);
    return b == null ? "" : new String(b, StandardCharsets.UTF_8);
  }

  /**
   * A member's name, which alive, suspect and dead messages and push/pull states must carry: a
   * missing or empty one (a corrupted key reads as missing) would otherwise create a member named
   * "" that every peer probes and gossips about. Pings may omit theirs (older senders): they use
   * {@link #str}.
   */
  static String memberName(Map<String, Object> m, String k) throws WireFormatException {
    String n = str(m, k);
    if (n.isEmpty()) {
      throw new WireFormatException("field " + k + " is missing or empty: a member needs a name");
    }
    return n;
  }

  static byte[] vsnOf(Map<String, Object> m) throws WireFormatException {
    byte[] v = bytes(m, "Vsn");
    return v == null ? new byte[0] : v;
  }
}
