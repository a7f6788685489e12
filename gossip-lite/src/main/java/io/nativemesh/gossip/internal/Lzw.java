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
import java.util.Arrays;

/**
 * LZW as Go's {@code compress/lzw} with {@code LSB} order and literal width 8 (what memberlist's
 * compress message uses): clear code 256, EOF code 257, code width 9..12 bits. Stateless and
 * thread-safe.
 *
 * <p>Hand-written because no library speaks this variant: the JDK has no LZW, and Commons
 * Compress's LZW streams are Unix {@code compress} ({@code .Z}: a header, up to 16-bit codes, no
 * EOF code) and ZIP "unshrink", so they cannot read or write the bytes memberlist exchanges.
 */
public final class Lzw {
  /** memberlist's decompressed-size cap (40 MiB). */
  public static final int MAX_DECOMPRESSED = 40 * 1024 * 1024;

  private static final int CLEAR = 256;
  private static final int EOF = 257;
  private static final int MAX_WIDTH = 12;
  private static final int INVALID = 0xffff;

  private Lzw() {}

  /**
   * Decodes an LZW stream.
   *
   * @param maxOut maximum decompressed size; larger output throws OVERSIZED
   * @throws WireFormatException on invalid codes, a missing EOF code, or oversized output
   */
  public static byte[] decode(byte[] in, int maxOut) throws WireFormatException {
    if (in == null || in.length == 0) {
      throw new WireFormatException(DropReason.TRUNCATED, "empty LZW buffer");
    }
    int[] prefix = new int[1 << MAX_WIDTH];
    byte[] suffix = new byte[1 << MAX_WIDTH];
    byte[] scratch = new byte[1 << MAX_WIDTH];
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3);
    int width = 9;
    int hi = EOF;
    int overflow = 1 << width;
    int last = INVALID;
    long bits = 0;
    int nBits = 0;
    int pos = 0;
    while (true) {
      while (nBits < width) {
        if (pos >= in.length) {
          throw new WireFormatException(DropReason.TRUNCATED, "LZW stream without EOF code");
        }
        bits |= (long) (in[pos++] & 0xff) << nBits;
        nBits += 8;
      }
      int code = (int) (bits & ((1L << width) - 1));
      bits >>>= width;
      nBits -= width;
      if (code < CLEAR) {
        out.write(code);
        if (last != INVALID) {
          suffix[hi] = (byte) code;
          prefix[hi] = last;
        }
      } else if (code == CLEAR) {
        width = 9;
        hi = EOF;
        overflow = 1 << width;
        last = INVALID;
        continue;
      } else if (code == EOF) {
        return out.toByteArray();
      } else if (code <= hi) {
        int c = code;
        int i = scratch.length - 1;
        if (code == hi && last != INVALID) {
          c = last;
          while (c >= CLEAR) {
            c = prefix[c];
          }
          scratch[i--] = (byte) c;
          c = last;
        }
        while (c >= CLEAR) {
          scratch[i--] = suffix[c];
          c = prefix[c];
        }
        scratch[i] = (byte) c;
        out.write(scratch, i, scratch.length - i);
        if (last != INVALID) {
          suffix[hi] = (byte) c;
          prefix[hi] = last;
        }
      } else {
        throw new WireFormatException("invalid LZW code " + code);
      }
      if (out.size() > maxOut) {
        throw new WireFormatException(DropReason.OVERSIZED, "decompressed payload above " + maxOut);
      }
      last = code;
      hi++;
      if (hi >= overflow) {
        if (width == MAX_WIDTH) {
          last = INVALID;
          hi--;
        } else {
          width++;
          overflow = 1 << width;
        }
      }
    }
  }

  /** Encodes like Go's writer (leading clear code, reset at 4095 codes, trailing EOF code). */
  public static byte[] encode(byte[] in) {
    BitSink sink = new BitSink();
    sink.write(CLEAR, 9);
    // open-addressing table as in Go's writer: entry = key << 12 | code, key = prefix << 8 |
    // literal
    final int tableSize = 4 * (1 << MAX_WIDTH);
    final int tableMask = tableSize - 1;
    int[] table = new int[tableSize];
    Arrays.fill(table, -1);
    int width = 9;
    int hi = EOF;
    int overflow = 512;
    if (in.length == 0) {
      sink.write(EOF, width);
      return sink.finish();
    }
    int code = in[0] & 0xff;
    outer:
    for (int idx = 1; idx < in.length; idx++) {
      int literal = in[idx] & 0xff;
      int key = (code << 8) | literal;
      int hash = ((key >>> 12) ^ key) & tableMask;
      for (int h = hash, t = table[hash]; t != -1; ) {
        if (key == (t >>> 12)) {
          code = t & 0xfff;
          continue outer;
        }
        h = (h + 1) & tableMask;
        t = table[h];
      }
      sink.write(code, width);
      code = literal;
      hi++;
      if (hi == overflow) {
        width++;
        overflow <<= 1;
      }
      if (hi == (1 << MAX_WIDTH) - 1) {
        sink.write(CLEAR, width);
        width = 9;
        hi = EOF;
        overflow = 512;
        Arrays.fill(table, -1);
        continue;
      }
      while (table[hash] != -1) {
        hash = (hash + 1) & tableMask;
      }
      table[hash] = (key << 12) | hi;
    }
    sink.write(code, width);
    hi++;
    if (hi == overflow) {
      width++;
    }
    if (hi == (1 << MAX_WIDTH) - 1) {
      sink.write(CLEAR, width);
      width = 9;
    }
    sink.write(EOF, width);
    return sink.finish();
  }

  private static final class BitSink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long bits;
    private int nBits;

    void write(int code, int width) {
      bits |= (long) code << nBits;
      nBits += width;
      while (nBits >= 8) {
        out.write((int) (bits & 0xff));
        bits >>>= 8;
        nBits -= 8;
      }
    }

    byte[] finish() {
      if (nBits > 0) {
        out.write((int) (bits & 0xff));
      }
      return out.toByteArray();
    }
  }
}
