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
package io.nativemesh.server.internal.agent;

import io.nativemesh.core.model.HealthCheck;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * One run of a UDP check (Consul: {@code CheckUDP}): a datagram is sent to {@code host:port} from a
 * connected socket; a reply, or no reply within the timeout, is passing (UDP has no handshake, as
 * in Consul); an ICMP "port unreachable" (the socket reports {@link PortUnreachableException}) or
 * any other error is critical. The wait for a reply blocks, so it runs on the given executor.
 * Stateless and thread-safe.
 */
final class UdpProbe {
  private UdpProbe() {}

  /**
   * @param target {@code host:port}
   * @param timeout how long to wait for a reply
   * @param blocking executor for the blocking receive
   * @param done receives (status, output)
   */
  static void run(
      String target, Duration timeout, ExecutorService blocking, BiConsumer<String, String> done) {
    blocking.execute(
        () -> {
          String[] r = probe(target, timeout);
          done.accept(r[0], r[1]);
        });
  }

  private static String[] probe(String target, Duration timeout) {
    int colon = target.lastIndexOf(':');
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(target.substring(colon + 1));
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(new InetSocketAddress(host, port));
      s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
      s.send(new DatagramPacket(new byte[] {0}, 1));
      try {
        s.receive(new DatagramPacket(new byte[512], 512));
      } catch (SocketTimeoutException e) {
        // no reply is not a failure: UDP has no handshake
      }
      return new String[] {HealthCheck.PASSING, "UDP connect " + target + ": Success"};
    } catch (PortUnreachableException e) {
      return new String[] {
        HealthCheck.CRITICAL, "read udp " + target + ": connection refused (port unreachable)"
      };
    } catch (IOException | RuntimeException e) {
      return new String[] {
        HealthCheck.CRITICAL,
        "dial udp " + target + ": " + (e.getMessage() == null ? e.toString() : e.getMessage())
      };
    }
  }
}
