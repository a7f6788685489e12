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
package io.nativemesh.internal;

import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.gossip.GossipConfig;
import io.nativemesh.gossip.GossipPool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The gossip pools a mesh service joined, fed into its upstream resolution through {@link
 * GossipLiveness}. Loaded only after the façade checked that gossip-lite is on the class path.
 * Thread-safe.
 */
public final class GossipBridge implements AutoCloseable {
  private final String service;
  private final UpstreamResolver resolver;
  private final List<GossipPool> pools = new ArrayList<>();

  /**
   * @param service our service name, advertised in the node metadata
   * @param resolver where members' mesh addresses are marked down or up
   */
  public GossipBridge(String service, UpstreamResolver resolver) {
    this.service = service;
    this.resolver = resolver;
  }

  /**
   * Starts a pool whose node metadata is {@code nativemesh service=<name> addr=<host>:<port>}.
   *
   * @param config pool configuration; its metadata is replaced
   * @param meshHost our advertised mesh address
   * @param meshPort our mesh port
   * @return the running pool (left on {@link #close()})
   */
  public GossipPool join(GossipConfig.Builder config, String meshHost, int meshPort) {
    byte[] meta =
        ("nativemesh service=" + service + " addr=" + meshHost + ":" + meshPort)
            .getBytes(StandardCharsets.UTF_8);
    GossipPool pool = GossipPool.start(config.metadata(meta).build(), new GossipLiveness(resolver));
    synchronized (pools) {
      pools.add(pool);
    }
    return pool;
  }

  /** Leaves every pool joined here. */
  @Override
  public void close() {
    synchronized (pools) {
      pools.forEach(GossipPool::close);
      pools.clear();
    }
  }
}
