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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The layers around a UDP message, innermost first on send: CRC ({@code [12][crc32 BE]}, only for
 * peers with PMax &ge; 5), AES-GCM with the primary key (AAD = label), label prefix ({@code
 * [244][len][label]}). {@link #open} reverses them. Thread-safe.
 */
public final class Envelope {
  private final byte[] label;
  private final Keyring keyring;

  /**
   * @param label pool label, empty for none (at most 255 bytes)
   * @param keyring keys, or null when encryption is off
   */
  public Envelope(String label, Keyring keyring) {
    this.label = label == null ? new byte[0] : label.getBytes(StandardCharsets.UTF_8);
    if (this.label.length > 255) {
      throw new IllegalArgumentException("label longer than 255 bytes");
    }
    this.keyring = keyring;
  }

  public boolean encrypted() {
    return keyring != null;
  }

  /** Bytes of overhead {@link #seal} adds beyond the message and CRC. */
  public int overhead() {
    return (keyring != null ? Encryption.overhead() : 0)
        + (label.length > 0 ? 2 + label.length : 0);
  }

  /** Wraps an outgoing UDP message. */
  public byte[] seal(byte[] msg, boolean withCrc) {
    byte[] out = msg;
    if (withCrc) {
      CRC32 crc = new CRC32();
      crc.update(msg);
      long c = crc.getValue();
      out = new byte[msg.length + 5];
      out[0] = (byte) MessageType.HAS_CRC;
      out[1] = (byte) (c >>> 24);
      out[2] = (byte) (c >>> 16);
      out[3] = (byte) (c >>> 8);
      out[4] = (byte) c;
      System.arraycopy(msg, 0, out, 5, msg.length);
    }
    if (keyring != null) {
      out = Encryption.encrypt(1, keyring.primaryKey(), out, label);
    }
    return withLabel(out);
  }

  /** Prefixes the label header, if any (UDP packets and TCP streams alike). */
  public byte[] withLabel(byte[] out) {
    if (label.length == 0) {
      return out;
    }
    byte[] l = new byte[out.length + 2 + label.length];
    l[0] = (byte) MessageType.HAS_LABEL;
    l[1] = (byte) label.length;
    System.arraycopy(label, 0, l, 2, label.length);
    System.arraycopy(out, 0, l, 2 + label.length, out.length);
    return l;
  }

  public byte[] label() {
    return label.clone();
  }

  /** Checks a received label (null = none on the wire). */
  public void checkLabel(byte[] received) throws WireFormatException {
    byte[] r = received == null ? new byte[0] : received;
    if (!Arrays.equals(r, label)) {
      throw new WireFormatException(DropReason.LABEL_MISMATCH, "label mismatch");
    }
  }

  /**
   * Unwraps a received UDP packet down to a message starting with its type byte.
   *
   * @throws WireFormatException with the drop reason
   */
  public byte[] open(byte[] packet) throws WireFormatException {
    byte[] buf = packet;
    byte[] got = null;
    if (buf.length > 0 && (buf[0] & 0xff) == MessageType.HAS_LABEL) {
      if (buf.length < 2) {
        throw new WireFormatException(DropReason.TRUNCATED, "truncated label header");
      }
      int n = buf[1] & 0xff;
      if (n == 0 || buf.length < 2 + n) {
        throw new WireFormatException(DropReason.TRUNCATED, "truncated label");
      }
      got = Arrays.copyOfRange(buf, 2, 2 + n);
      buf = Arrays.copyOfRange(buf, 2 + n, buf.length);
    }
    checkLabel(got);
    if (keyring != null) {
      buf = Encryption.decrypt(keyring.keys(), buf, label);
    }
    if (buf.length == 0) {
      throw new WireFormatException(DropReason.TRUNCATED, "empty packet");
    }
    if ((buf[0] & 0xff) == MessageType.HAS_CRC) {
      if (buf.length < 6) {
        throw new WireFormatException(DropReason.TRUNCATED, "truncated CRC header");
      }
      long expected =
          ((buf[1] & 0xffL) << 24)
              | ((buf[2] & 0xffL) << 16)
              | ((buf[3] & 0xffL) << 8)
              | (buf[4] & 0xffL);
      CRC32 crc = new CRC32();
      crc.update(buf, 5, buf.length - 5);
      if (crc.getValue() != expected) {
        throw new WireFormatException(DropReason.BAD_CRC, "CRC mismatch");
      }
      buf = Arrays.copyOfRange(buf, 5, buf.length);
    }
    return buf;
  }
}
