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
package io.nativemesh.discovery;

import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.tls.MeshHostnames;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One healthy instance of an upstream service. Its expected identity is derived from the service
 * name (and namespace and datacenter), never from the address. Immutable; equal endpoints name the
 * same instance at the same address.
 *
 * @param service the service name
 * @param instanceId the instance's service ID (e.g. {@code greeting-1})
 * @param node the node it runs on
 * @param datacenter the datacenter
 * @param address where to dial it
 * @param namespace the namespace its identity carries ({@code default} unless configured)
 * @since 0.1.0
 */
public record Endpoint(
    String service,
    String instanceId,
    String node,
    String datacenter,
    InetSocketAddress address,
    String namespace) {

  /** Normalizes a null namespace to {@code default}. */
  public Endpoint {
    namespace = namespace == null ? "default" : namespace;
  }

  /**
   * An endpoint in the default namespace.
   *
   * @param service the service name
   * @param instanceId the instance's service ID
   * @param node the node
   * @param datacenter the datacenter
   * @param address where to dial it
   */
  public Endpoint(
      String service,
      String instanceId,
      String node,
      String datacenter,
      InetSocketAddress address) {
    this(service, instanceId, node, datacenter, address, null);
  }

  /**
   * @return the mesh host name to dial it under, {@code ip-<hex>.<service>.service.<dc>.consul}
   */
  public String meshHost() {
    InetAddress a = address.getAddress();
    return MeshHostnames.instanceHost(service, datacenter, a);
  }

  /**
   * @param trustDomain the trust domain of our CA
   * @return the SPIFFE ID the instance must present, {@code
   *     spiffe://<trust-domain>/ns/<ns>/dc/<dc>/svc/<service>}
   */
  public SpiffeId expectedSpiffeId(TrustDomain trustDomain) {
    return SpiffeId.forService(trustDomain, namespace, datacenter, service);
  }

  @Override
  public String toString() {
    return instanceId + "@" + address.getHostString() + ":" + address.getPort();
  }
}
