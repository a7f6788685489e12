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
package io.nativemesh.gossip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * AES-GCM gossip keys, as memberlist's keyring: one primary key encrypts everything this node
 * sends; every installed key is tried on receive. Rotation without downtime: {@link #addKey} the
 * new key on every node, then {@link #useKey} it everywhere, then {@link #removeKey} the old one.
 * Keys are 16, 24 or 32 bytes (AES-128/192/256). Thread-safe; changes take effect for the next
 * packet.
 *
 * @since 0.1.0
 */
public final class Keyring {
  private volatile List<byte[]> keys; // primary first; copy-on-write

  private Keyring(List<byte[]> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * @param primary the key used to encrypt
   * @param others further keys accepted on receive
   * @throws IllegalArgumentException if a key is not 16, 24 or 32 bytes
   */
  public static Keyring of(byte[] primary, byte[]... others) {
    List<byte[]> l = new ArrayList<>();
    l.add(check(primary).clone());
    for (byte[] k : others) {
      if (!contains(l, k)) {
        l.add(check(k).clone());
      }
    }
    return new Keyring(l);
  }

  /**
   * Same as {@link #of} with base64 keys (the format of {@code consul keygen} / memberlist tools).
   */
  public static Keyring ofBase64(String primary, String... others) {
    byte[][] o = new byte[others.length][];
    for (int i = 0; i < others.length; i++) {
      o[i] = Base64.getDecoder().decode(others[i]);
    }
    return of(Base64.getDecoder().decode(primary), o);
  }

  /** Installs a key for receiving; no-op if already installed. */
  public synchronized void addKey(byte[] key) {
    check(key);
    if (!contains(keys, key)) {
      List<byte[]> l = new ArrayList<>(keys);
      l.add(key.clone());
      keys = List.copyOf(l);
    }
  }

  /** Makes an installed (or new) key the primary one; the previous primary stays installed. */
  public synchronized void useKey(byte[] key) {
    check(key);
    List<byte[]> l = new ArrayList<>();
    l.add(key.clone());
    for (byte[] k : keys) {
      if (!Arrays.equals(k, key)) {
        l.add(k);
      }
    }
    keys = List.copyOf(l);
  }

  /**
   * Removes a non-primary key.
   *
   * @throws IllegalArgumentException if {@code key} is the primary key
   */
  public synchronized void removeKey(byte[] key) {
    if (Arrays.equals(keys.get(0), key)) {
      throw new IllegalArgumentException("cannot remove the primary key");
    }
    List<byte[]> l = new ArrayList<>();
    for (byte[] k : keys) {
      if (!Arrays.equals(k, key)) {
        l.add(k);
      }
    }
    keys = List.copyOf(l);
  }

  /** The primary key (a copy). */
  public byte[] primaryKey() {
    return keys.get(0).clone();
  }

  /** All installed keys, primary first (copies). */
  public List<byte[]> keys() {
    List<byte[]> l = new ArrayList<>();
    for (byte[] k : keys) {
      l.add(k.clone());
    }
    return l;
  }

  private static boolean contains(List<byte[]> l, byte[] k) {
    for (byte[] x : l) {
      if (Arrays.equals(x, k)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] check(byte[] key) {
    if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
      throw new IllegalArgumentException("key must be 16, 24 or 32 bytes");
    }
    return key;
  }

  @Override
  public String toString() {
    return "Keyring[" + keys.size() + " keys]";
  }
}
