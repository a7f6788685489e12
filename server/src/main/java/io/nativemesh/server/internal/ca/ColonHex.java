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
package io.nativemesh.server.internal.ca;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Consul's colon-separated lowercase hex ({@code agent/connect.HexString}), used for serial
 * numbers, fingerprints and key IDs, e.g. {@code "0f"}, {@code "c7:bd:55"}: {@link
 * HexFormat#ofDelimiter} {@code (":")}, whose digits are lowercase as Consul prints them. Stateless
 * and thread-safe.
 */
public final class ColonHex {
  private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":");

  private ColonHex() {}

  /**
   * @param bytes the bytes
   * @return colon-hex, two lowercase digits per byte; {@code ""} for no bytes
   */
  public static String of(byte[] bytes) {
    return COLON_HEX.formatHex(bytes);
  }

  /**
   * Consul API: serial numbers as Go's {@code big.Int.Bytes()} rendered in colon-hex (no sign
   * byte).
   *
   * @param serial a non-negative serial
   * @return e.g. {@code "0f"} for 15, {@code "01:00"} for 256, {@code "80"} for 128
   */
  public static String serial(BigInteger serial) {
    byte[] b = serial.toByteArray();
    return of(b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b);
  }
}
