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
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The benchmarks' Java side: {@code count} pools named {@code java-i} on 127.0.0.1, each joining
 * java-0.
 */
final class JavaPools {
  private JavaPools() {}

  /**
   * @param listener listener of the pool with the given name
   * @param tweak extra settings applied to each builder (identity for none)
   */
  static List<GossipPool> start(
      int count,
      Profile profile,
      Function<String, GossipListener> listener,
      UnaryOperator<GossipConfig.Builder> tweak) {
    List<GossipPool> pools = new ArrayList<>();
    String seed = null;
    for (int i = 0; i < count; i++) {
      String self = "java-" + i;
      GossipConfig.Builder b =
          tweak.apply(GossipConfig.builder(self).bind("127.0.0.1", 0).profile(profile));
      if (seed != null) {
        b.seeds(seed);
      }
      GossipPool p = GossipPool.start(b.build(), listener.apply(self));
      seed = seed == null ? p.address() : seed;
      pools.add(p);
    }
    return pools;
  }
}
