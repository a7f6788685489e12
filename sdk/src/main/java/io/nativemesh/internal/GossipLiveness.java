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
import io.nativemesh.gossip.GossipListener;
import io.nativemesh.gossip.Member;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds gossip membership into upstream resolution: a member whose metadata names a mesh address
 * ({@code nativemesh service=<name> addr=<host>:<port>}) is marked down when the pool declares it
 * failed or gone, and up when it is alive again. Members without mesh metadata are ignored. Runs on
 * the pool's event thread.
 */
public final class GossipLiveness implements GossipListener {
  private static final Logger log = LoggerFactory.getLogger(GossipLiveness.class);
  private final UpstreamResolver resolver;

  /**
   * @param resolver where to mark mesh addresses down or up
   */
  public GossipLiveness(UpstreamResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * @param m a member
   * @return its mesh address, or null if its metadata names none
   */
  static InetSocketAddress meshAddress(Member m) {
    String meta = new String(m.metadata(), StandardCharsets.UTF_8);
    if (!meta.startsWith("nativemesh ")) {
      return null;
    }
    for (String part : meta.split(" ")) {
      if (part.startsWith("addr=")) {
        String hp = part.substring(5);
        int colon = hp.lastIndexOf(':');
        try {
          return new InetSocketAddress(
              hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  private void mark(Member m, boolean down, String why) {
    InetSocketAddress a = meshAddress(m);
    if (a != null) {
      resolver.markDown(a, down);
      if (down) {
        log.warn(
            "gossip: {} ({}) {}; skipping its mesh address {} until it returns",
            m.name(),
            why,
            m.state(),
            a);
      }
    }
  }

  @Override
  public void onJoin(Member member) {
    mark(member, false, "joined");
  }

  @Override
  public void onUpdate(Member member) {
    mark(member, false, "updated");
  }

  @Override
  public void onLeave(Member member) {
    mark(member, true, "left");
  }

  @Override
  public void onFail(Member member) {
    mark(member, true, "failed");
  }
}
