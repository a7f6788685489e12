package io.nativemesh.discovery.internal;

import io.nativemesh.tls.MeshHostnames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Resolves instance-pinned mesh host names ({@code ip-<hex>.<service>.service.<dc>.consul}) to the
 * address encoded in them, without any lookup. Every other name fails: a mesh client never reaches a
 * host outside the mesh by accident. Thread-safe.
 */
public final class MeshDns implements Dns {
  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    MeshHostnames h = MeshHostnames.parse(hostname).orElse(null);
    if (h == null || h.address() == null) {
      throw new UnknownHostException("'" + hostname + "' is not a resolved mesh instance name; "
          + "use http://<service>/path with the mesh HTTP client");
    }
    return List.of(h.address());
  }
}
