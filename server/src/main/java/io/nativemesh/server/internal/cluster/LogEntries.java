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
package io.nativemesh.server.internal.cluster;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data of one Raft log entry: one or more {@code (request ID, command)} pairs, applied in order
 * (docs/cluster.md, "What is replicated"). Two layouts, both read by every version:
 *
 * <ul>
 *   <li>single: {@code <request id>\n<command encoding>} (ASCII request ID, a UUID);
 *   <li>batch: byte {@code 0x00}, then a big-endian int {@code n}, then {@code n} times: the
 *       request ID as a length-prefixed UTF-8 string ({@link DataOutputStream#writeUTF}), a
 *       big-endian int length and that many bytes of command encoding.
 * </ul>
 *
 * A UUID never starts with {@code 0x00}, so the first byte tells the layouts apart. The command
 * encoding is {@code StateCodec}'s, opaque here. Stateless and thread-safe.
 */
final class LogEntries {
  private static final byte BATCH = 0;

  /** One command of an entry: its request ID and its {@code StateCodec} encoding. */
  record Item(String requestId, byte[] command) {}

  private LogEntries() {}

  /**
   * @param items one or more commands; one is written in the single layout
   * @return the entry data
   * @throws IllegalArgumentException if {@code items} is empty
   */
  static byte[] encode(List<Item> items) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a log entry needs at least one command");
    }
    if (items.size() == 1) {
      Item only = items.get(0);
      byte[] id = (only.requestId() + "\n").getBytes(StandardCharsets.US_ASCII);
      byte[] out = Arrays.copyOf(id, id.length + only.command().length);
      System.arraycopy(only.command(), 0, out, id.length, only.command().length);
      return out;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(BATCH);
      out.writeInt(items.size());
      for (Item i : items) {
        out.writeUTF(i.requestId());
        out.writeInt(i.command().length);
        out.write(i.command());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @param data an entry's data, either layout
   * @return its commands in order
   * @throws IOException if the data is truncated or malformed
   */
  static List<Item> decode(byte[] data) throws IOException {
    if (data.length > 0 && data[0] == BATCH) {
      try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
        in.readByte();
        int n = in.readInt();
        if (n < 1 || n > data.length) {
          throw new IOException("batch entry with " + n + " commands in " + data.length + " bytes");
        }
        List<Item> items = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
          String id = in.readUTF();
          int len = in.readInt();
          if (len < 0 || len > in.available()) {
            throw new IOException("batch entry command " + k + " claims " + len + " bytes");
          }
          items.add(new Item(id, in.readNBytes(len)));
        }
        return items;
      }
    }
    int nl = 0;
    while (nl < data.length && data[nl] != '\n') {
      nl++;
    }
    String id = new String(data, 0, nl, StandardCharsets.US_ASCII);
    return List.of(
        new Item(id, Arrays.copyOfRange(data, Math.min(nl + 1, data.length), data.length)));
  }
}
