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
import org.junit.jupiter.api.AfterEach;

/**
 * Shared clean-up of tests that start Go peers and Java pools: everything registered in {@link
 * #cleanup} is stopped after each test, newest first; Java pools are shut down without a leave (a
 * test that wants a leave does it itself).
 */
abstract class GoPeerTestSupport {
  protected final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      try {
        AutoCloseable c = cleanup.get(i);
        if (c instanceof GossipPool p) {
          p.shutdown();
        } else {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
    cleanup.clear();
  }

  /** Starts a Go peer on {@code port}, stopped after the test. */
  protected GoPeer go(String name, int port, String... args) throws Exception {
    GoPeer p = GoPeer.start(name, port, args);
    cleanup.add(p);
    return p;
  }

  /**
   * Starts a Java node on a free 127.0.0.1 port with the LOCAL profile, shut down after the test.
   */
  protected GossipPool java(GossipConfig.Builder b, GossipListener l) {
    GossipPool p = GossipPool.start(b.bind("127.0.0.1", 0).profile(Profile.LOCAL).build(), l);
    cleanup.add(p);
    return p;
  }
}
