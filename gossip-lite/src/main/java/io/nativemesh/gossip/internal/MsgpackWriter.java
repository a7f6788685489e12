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
import java.nio.charset.StandardCharsets;

/**
 * The msgpack subset memberlist's go-msgpack 0.5.x handle emits: maps keyed by Go field names,
 * unsigned integers in their shortest form, and both strings and byte slices written with the
 * "raw"/str family ({@code a0-bf}, {@code da}, {@code db}; never {@code d9} or bin). Not
 * thread-safe; one writer per message.
 */
public final class MsgpackWriter {
  private final ByteArrayOutputStream out;

  public MsgpackWriter() {
    this(new ByteArrayOutputStream(64));
  }

  public MsgpackWriter(ByteArrayOutputStream out) {
    this.out = out;
  }

  public MsgpackWriter rawByte(int b) {
    out.write(b);
    return this;
  }

  public MsgpackWriter mapHeader(int size) {
    if (size < 16) {
      out.write(0x80 | size);
    } else if (size < 65536) {
      out.write(0xde);
      u16(size);
    } else {
      out.write(0xdf);
      u32(size);
    }
    return this;
  }

  public MsgpackWriter arrayHeader(int size) {
    if (size < 16) {
      out.write(0x90 | size);
    } else if (size < 65536) {
      out.write(0xdc);
      u16(size);
    } else {
      out.write(0xdd);
      u32(size);
    }
    return this;
  }

  public MsgpackWriter string(String s) {
    return raw(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a byte slice the way go-msgpack does without WriteExt: nil for null, else a raw string.
   */
  public MsgpackWriter bytes(byte[] b) {
    if (b == null) {
      out.write(0xc0);
      return this;
    }
    return raw(b);
  }

  private MsgpackWriter raw(byte[] b) {
    int n = b.length;
    if (n < 32) {
      out.write(0xa0 | n);
    } else if (n < 65536) {
      out.write(0xda);
      u16(n);
    } else {
      out.write(0xdb);
      u32(n);
    }
    out.write(b, 0, n);
    return this;
  }

  public MsgpackWriter nil() {
    out.write(0xc0);
    return this;
  }

  public MsgpackWriter bool(boolean v) {
    out.write(v ? 0xc3 : 0xc2);
    return this;
  }

  /** Writes a non-negative integer (Go uint*, or a non-negative Go int) in its shortest form. */
  public MsgpackWriter uint(long v) {
    if (v < 0) {
      return sint(v);
    }
    if (v < 128) {
      out.write((int) v);
    } else if (v < 256) {
      out.write(0xcc);
      out.write((int) v);
    } else if (v < 65536) {
      out.write(0xcd);
      u16((int) v);
    } else if (v < 0x1_0000_0000L) {
      out.write(0xce);
      u32(v);
    } else {
      out.write(0xcf);
      u32(v >>> 32);
      u32(v);
    }
    return this;
  }

  private MsgpackWriter sint(long v) {
    if (v >= -32) {
      out.write((int) v & 0xff);
    } else if (v >= Byte.MIN_VALUE) {
      out.write(0xd0);
      out.write((int) v & 0xff);
    } else if (v >= Short.MIN_VALUE) {
      out.write(0xd1);
      u16((int) v);
    } else if (v >= Integer.MIN_VALUE) {
      out.write(0xd2);
      u32(v);
    } else {
      out.write(0xd3);
      u32(v >>> 32);
      u32(v);
    }
    return this;
  }

  private void u16(int v) {
    out.write((v >>> 8) & 0xff);
    out.write(v & 0xff);
  }

  private void u32(long v) {
    out.write((int) (v >>> 24) & 0xff);
    out.write((int) (v >>> 16) & 0xff);
    out.write((int) (v >>> 8) & 0xff);
    out.write((int) v & 0xff);
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
