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

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Free 127.0.0.1 ports usable for both TCP and UDP. */
final class Ports {
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private Ports() {}

  static synchronized int free() {
    for (int i = 0; i < 200; i++) {
      try (ServerSocket t = new ServerSocket()) {
        t.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int p = t.getLocalPort();
        if (HANDED_OUT.contains(p)) {
          continue;
        }
        try (DatagramSocket u =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
          HANDED_OUT.add(p);
          return p;
        }
      } catch (IOException e) {
        // try another
      }
    }
    throw new IllegalStateException("no free port");
  }

  /**
   * First of {@code count} consecutive free ports (for the Go peer's {@code -count}), taken below
   * the kernel's ephemeral range (32768+) so outgoing connections of other processes cannot occupy
   * part of the block; every port is checked for TCP and UDP.
   */
  static synchronized int freeBlock(int count) {
    Random r = new Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20000 + r.nextInt(12000 - count);
      boolean ok = true;
      for (int p = base; p < base + count && ok; p++) {
        ok = !HANDED_OUT.contains(p) && bindable(p);
      }
      if (ok) {
        for (int p = base; p < base + count; p++) {
          HANDED_OUT.add(p);
        }
        return base;
      }
    }
    throw new IllegalStateException("no free port block of " + count);
  }

  private static boolean bindable(int p) {
    InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
    try (ServerSocket t = new ServerSocket();
        DatagramSocket u = new DatagramSocket(a)) {
      t.bind(a);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
