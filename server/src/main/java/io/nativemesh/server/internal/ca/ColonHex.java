package io.nativemesh.server.internal.ca;

import java.math.BigInteger;

/**
 * Consul's colon-separated lowercase hex ({@code agent/connect.HexString}), used for serial numbers,
 * fingerprints and key IDs, e.g. {@code "0f"}, {@code "c7:bd:55"}. Stateless and thread-safe.
 */
public final class ColonHex {
  private ColonHex() {}

  /**
   * @param bytes the bytes
   * @return colon-hex, two lowercase digits per byte; {@code ""} for no bytes
   */
  public static String of(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
    }
    return sb.toString();
  }

  /**
   * Consul API: serial numbers as Go's {@code big.Int.Bytes()} rendered in colon-hex (no sign byte).
   *
   * @param serial a non-negative serial
   * @return e.g. {@code "0f"} for 15, {@code "01:00"} for 256
   */
  public static String serial(BigInteger serial) {
    byte[] b = serial.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      byte[] t = new byte[b.length - 1];
      System.arraycopy(b, 1, t, 0, t.length);
      b = t;
    }
    return of(b);
  }
}
