package io.nativemesh.discovery;

import io.nativemesh.tls.MeshHostnames;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One healthy instance of an upstream service. Its expected identity is derived from the service
 * name, never from the address.
 *
 * @param service the service name
 * @param instanceId the instance's service ID (e.g. {@code greeting-1})
 * @param node the node it runs on
 * @param datacenter the datacenter
 * @param address where to dial it
 */
public record Endpoint(String service, String instanceId, String node, String datacenter, InetSocketAddress address) {

  /** @return the mesh host name to dial it under, {@code ip-<hex>.<service>.service.<dc>.consul} */
  public String meshHost() {
    InetAddress a = address.getAddress();
    return MeshHostnames.instanceHost(service, datacenter, a);
  }

  @Override
  public String toString() {
    return instanceId + "@" + address.getHostString() + ":" + address.getPort();
  }
}
