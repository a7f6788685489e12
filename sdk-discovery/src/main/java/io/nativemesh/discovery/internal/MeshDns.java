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
package io.nativemesh.discovery.internal;

import io.nativemesh.tls.MeshHostnames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Resolves instance-pinned mesh host names ({@code ip-<hex>.<service>.service.<dc>.consul}) to the
 * address encoded in them, without any lookup. Every other name fails: a mesh client never reaches
 * a host outside the mesh by accident. Thread-safe.
 */
public final class MeshDns implements Dns {
  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    MeshHostnames h = MeshHostnames.parse(hostname).orElse(null);
    if (h == null || h.address() == null) {
      throw new UnknownHostException(
          "'"
              + hostname
              + "' is not a resolved mesh instance name; "
              + "use http://<service>/path with the mesh HTTP client");
    }
    return List.of(h.address());
  }
}
