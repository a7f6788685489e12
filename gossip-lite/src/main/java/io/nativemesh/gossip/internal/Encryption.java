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

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * memberlist's AES-GCM payload format: {@code [version u8][nonce 12][ciphertext + 16-byte tag]};
 * version 0 PKCS7-pads the plaintext to the AES block size, version 1 does not. Thread-safe.
 */
public final class Encryption {
  public static final int NONCE_SIZE = 12;
  public static final int TAG_SIZE = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Encryption() {}

  /** Bytes added by {@link #encrypt} with version 1. */
  public static int overhead() {
    return 1 + NONCE_SIZE + TAG_SIZE;
  }

  /** Encrypts {@code msg} with {@code key} (version 0 or 1), authenticating {@code aad}. */
  public static byte[] encrypt(int version, byte[] key, byte[] msg, byte[] aad) {
    byte[] plain = msg;
    if (version == 0) {
      int pad = 16 - (msg.length % 16);
      plain = Arrays.copyOf(msg, msg.length + pad);
      Arrays.fill(plain, msg.length, plain.length, (byte) pad);
    }
    byte[] nonce = new byte[NONCE_SIZE];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_SIZE * 8, nonce));
      if (aad != null && aad.length > 0) {
        c.updateAAD(aad);
      }
      byte[] ct = c.doFinal(plain);
      byte[] out = new byte[1 + NONCE_SIZE + ct.length];
      out[0] = (byte) version;
      System.arraycopy(nonce, 0, out, 1, NONCE_SIZE);
      System.arraycopy(ct, 0, out, 1 + NONCE_SIZE, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * Tries every key in order.
   *
   * @throws WireFormatException DECRYPT_FAILED if no key authenticates the payload or it is
   *     malformed
   */
  public static byte[] decrypt(List<byte[]> keys, byte[] msg, byte[] aad)
      throws WireFormatException {
    if (msg.length == 0) {
      throw new WireFormatException(DropReason.DECRYPT_FAILED, "empty encrypted payload");
    }
    int version = msg[0] & 0xff;
    if (version > 1) {
      throw new WireFormatException(
          DropReason.DECRYPT_FAILED, "unsupported encryption version " + version);
    }
    int min = 1 + NONCE_SIZE + TAG_SIZE + (version == 0 ? 16 : 0);
    if (msg.length < min) {
      throw new WireFormatException(DropReason.DECRYPT_FAILED, "payload too small to decrypt");
    }
    GCMParameterSpec spec = new GCMParameterSpec(TAG_SIZE * 8, msg, 1, NONCE_SIZE);
    for (byte[] key : keys) {
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), spec);
        if (aad != null && aad.length > 0) {
          c.updateAAD(aad);
        }
        byte[] plain = c.doFinal(msg, 1 + NONCE_SIZE, msg.length - 1 - NONCE_SIZE);
        if (version == 0) {
          int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
          if (pad < 1 || pad > 16 || pad > plain.length) {
            throw new WireFormatException(DropReason.DECRYPT_FAILED, "bad PKCS7 padding");
          }
          plain = Arrays.copyOf(plain, plain.length - pad);
        }
        return plain;
      } catch (AEADBadTagException e) {
        // try the next key
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM unavailable", e);
      }
    }
    throw new WireFormatException(
        DropReason.DECRYPT_FAILED, "no installed key could decrypt the message");
  }
}
