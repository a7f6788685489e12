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

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads msgpack values into a small tree: {@code Map<String,Object>}, {@code List<Object>}, {@code
 * Long}, {@code Boolean}, {@code byte[]} (str, bin and ext bodies alike), {@code Double} and {@code
 * null}. Reads exactly the bytes of one value from the stream, so it can parse a TCP stream
 * incrementally. Every length is checked against {@code maxBytes} before allocating, and nesting
 * depth is bounded. Not thread-safe.
 */
public final class MsgpackReader {
  private static final int MAX_DEPTH = 16;
  private final InputStream in;
  private long remaining;

  /**
   * @param in source
   * @param maxBytes maximum number of bytes this reader may consume in total
   */
  public MsgpackReader(InputStream in, long maxBytes) {
    this.in = in;
    this.remaining = maxBytes;
  }

  /** Reads one value; throws {@link WireFormatException} on malformed or oversized input. */
  public Object read() throws IOException {
    return read(0);
  }

  /** Reads one value that must be a map with string keys. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> readMap() throws IOException {
    Object v = read();
    if (!(v instanceof Map)) {
      throw new WireFormatException(
          "expected a map, got " + (v == null ? "nil" : v.getClass().getSimpleName()));
    }
    return (Map<String, Object>) v;
  }

  /** Reads {@code n} raw bytes (outside msgpack framing, e.g. user state after a header). */
  public byte[] readRaw(int n) throws IOException {
    if (n < 0 || n > remaining) {
      throw new WireFormatException("raw length " + n + " exceeds limit");
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("truncated raw bytes");
    }
    remaining -= n;
    return b;
  }

  private int u8() throws IOException {
    if (remaining <= 0) {
      throw new WireFormatException("message exceeds size limit");
    }
    int b = in.read();
    if (b < 0) {
      throw new EOFException("truncated msgpack");
    }
    remaining--;
    return b;
  }

  private long be(int n) throws IOException {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | u8();
    }
    return v;
  }

  private Object read(int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new WireFormatException("msgpack nesting too deep");
    }
    int b = u8();
    if (b <= 0x7f) {
      return (long) b;
    }
    if (b >= 0xe0) {
      return (long) (byte) b;
    }
    if ((b & 0xf0) == 0x80) {
      return map(b & 0x0f, depth);
    }
    if ((b & 0xf0) == 0x90) {
      return array(b & 0x0f, depth);
    }
    if ((b & 0xe0) == 0xa0) {
      return bytes(b & 0x1f);
    }
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return Boolean.FALSE;
      case 0xc3:
        return Boolean.TRUE;
      case 0xc4:
      case 0xd9:
        return bytes(u8());
      case 0xc5:
      case 0xda:
        return bytes(be(2));
      case 0xc6:
      case 0xdb:
        return bytes(be(4));
      case 0xc7:
        {
          long n = u8();
          u8();
          return bytes(n);
        }
      case 0xc8:
        {
          long n = be(2);
          u8();
          return bytes(n);
        }
      case 0xc9:
        {
          long n = be(4);
          u8();
          return bytes(n);
        }
      case 0xca:
        return (double) Float.intBitsToFloat((int) be(4));
      case 0xcb:
        return Double.longBitsToDouble(be(8));
      case 0xcc:
        return be(1);
      case 0xcd:
        return be(2);
      case 0xce:
        return be(4);
      case 0xcf:
        return be(8);
      case 0xd0:
        return (long) (byte) be(1);
      case 0xd1:
        return (long) (short) be(2);
      case 0xd2:
        return (long) (int) be(4);
      case 0xd3:
        return be(8);
      case 0xd4:
        u8();
        return bytes(1);
      case 0xd5:
        u8();
        return bytes(2);
      case 0xd6:
        u8();
        return bytes(4);
      case 0xd7:
        u8();
        return bytes(8);
      case 0xd8:
        u8();
        return bytes(16);
      case 0xdc:
        return array(be(2), depth);
      case 0xdd:
        return array(be(4), depth);
      case 0xde:
        return map(be(2), depth);
      case 0xdf:
        return map(be(4), depth);
      default:
        throw new WireFormatException("unsupported msgpack byte 0x" + Integer.toHexString(b));
    }
  }

  private byte[] bytes(long n) throws IOException {
    return readRaw(checkLen(n));
  }

  private int checkLen(long n) throws WireFormatException {
    if (n > remaining || n > Integer.MAX_VALUE - 16) {
      throw new WireFormatException("length " + n + " exceeds remaining " + remaining);
    }
    return (int) n;
  }

  private Map<String, Object> map(long n, int depth) throws IOException {
    int size = checkLen(n * 2) / 2; // every entry needs at least 2 bytes
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      Object k = read(depth + 1);
      Object v = read(depth + 1);
      String key =
          k instanceof byte[] ? new String((byte[]) k, StandardCharsets.UTF_8) : String.valueOf(k);
      m.put(key, v);
    }
    return m;
  }

  private List<Object> array(long n, int depth) throws IOException {
    int size = checkLen(n);
    List<Object> l = new ArrayList<>(Math.min(size, 1024));
    for (int i = 0; i < size; i++) {
      l.add(read(depth + 1));
    }
    return l;
  }
}
