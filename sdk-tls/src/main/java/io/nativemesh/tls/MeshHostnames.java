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
package io.nativemesh.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The host names under which the SDK dials mesh peers. The client-side trust manager reads the
 * expected service from the name the connection was opened with (the engine's peer host), so a
 * connection can only succeed when the server is the service the caller dialled.
 *
 * <p>Accepted forms (Consul's, plus an instance-pinned form of ours):
 *
 * <ul>
 *   <li>{@code <service>.service.consul} and {@code <service>.service.<dc>.consul} (Go SDK {@code
 *       ConsulResolverFromAddrFunc});
 *   <li>{@code ip-<hex address>.<service>.service.<dc>.consul}: one instance, whose address is
 *       encoded in the first label, so a resolver can map it back without any lookup.
 * </ul>
 *
 * Stateless and thread-safe.
 *
 * @param service the expected service name
 * @param datacenter the expected datacenter, or null if the name does not say
 * @param address the pinned instance address, or null
 * @since 0.1.0
 */
public record MeshHostnames(String service, String datacenter, InetAddress address) {

  /**
   * @param service service name
   * @param datacenter datacenter
   * @param address the instance address
   * @return {@code ip-<hex>.<service>.service.<dc>.consul}
   */
  public static String instanceHost(String service, String datacenter, InetAddress address) {
    return "ip-"
        + HexFormat.of().formatHex(address.getAddress())
        + "."
        + service
        + ".service."
        + datacenter
        + ".consul";
  }

  /**
   * @param host a host name, e.g. the peer host of a TLS engine
   * @return the parsed name, or empty if it is not a mesh name
   */
  public static Optional<MeshHostnames> parse(String host) {
    if (host == null) {
      return Optional.empty();
    }
    String[] l = host.toLowerCase(Locale.ROOT).split("\\.", -1);
    int n = l.length;
    if (n < 3 || !l[n - 1].equals("consul")) {
      return Optional.empty();
    }
    int svcLabel;
    String dc = null;
    if (l[n - 2].equals("service")) {
      svcLabel = n - 2;
    } else if (n >= 4 && l[n - 3].equals("service")) {
      svcLabel = n - 3;
      dc = l[n - 2];
    } else {
      return Optional.empty();
    }
    if (svcLabel < 1 || l[svcLabel - 1].isEmpty()) {
      return Optional.empty();
    }
    String service = l[svcLabel - 1];
    InetAddress addr = null;
    if (svcLabel == 2 && l[0].startsWith("ip-")) {
      try {
        addr = InetAddress.getByAddress(HexFormat.of().parseHex(l[0].substring(3)));
      } catch (IllegalArgumentException | UnknownHostException e) {
        return Optional.empty();
      }
    } else if (svcLabel != 1) {
      return Optional.empty();
    }
    return Optional.of(new MeshHostnames(service, dc, addr));
  }
}
