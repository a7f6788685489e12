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

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * memberlist's compound message: {@code [7][count u8][count x len u16 BE][msg...]}. Thread-safe.
 */
public final class Compound {
  /** Bytes of compound framing before the parts. */
  public static final int HEADER_OVERHEAD = 2;

  /** Bytes of compound framing per part. */
  public static final int PART_OVERHEAD = 2;

  public static final int MAX_PARTS = 255;

  private Compound() {}

  /** Frames up to 255 messages; each must be shorter than 65536 bytes. */
  public static byte[] make(List<byte[]> msgs) {
    if (msgs.size() > MAX_PARTS) {
      throw new IllegalArgumentException("too many compound parts: " + msgs.size());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(MessageType.COMPOUND);
    out.write(msgs.size());
    for (byte[] m : msgs) {
      out.write((m.length >>> 8) & 0xff);
      out.write(m.length & 0xff);
    }
    for (byte[] m : msgs) {
      out.write(m, 0, m.length);
    }
    return out.toByteArray();
  }

  /**
   * Splits the body of a compound message (after the type byte).
   *
   * @throws WireFormatException TRUNCATED if the length table or a part is cut short
   */
  public static List<byte[]> parts(byte[] buf, int offset) throws WireFormatException {
    if (buf.length - offset < 1) {
      throw new WireFormatException(DropReason.TRUNCATED, "missing compound length byte");
    }
    int n = buf[offset] & 0xff;
    int pos = offset + 1;
    if (buf.length - pos < n * 2) {
      throw new WireFormatException(DropReason.TRUNCATED, "truncated compound length table");
    }
    int[] lens = new int[n];
    for (int i = 0; i < n; i++) {
      lens[i] = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
      pos += 2;
    }
    List<byte[]> parts = new ArrayList<>(n);
    for (int len : lens) {
      if (buf.length - pos < len) {
        throw new WireFormatException(DropReason.TRUNCATED, "compound part truncated");
      }
      byte[] p = new byte[len];
      System.arraycopy(buf, pos, p, 0, len);
      pos += len;
      parts.add(p);
    }
    return parts;
  }
}
