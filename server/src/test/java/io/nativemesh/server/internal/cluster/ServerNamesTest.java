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
package io.nativemesh.server.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerNamesTest {
  @Test
  void unknownServersAreShownByRaftIdUntilTheLeaderNamesThem() {
    ServerNames follower = new ServerNames("127.0.0.1_8301", "s2");
    assertEquals("s2", follower.name("127.0.0.1_8301"));
    assertEquals("127.0.0.1_8300", follower.name("127.0.0.1_8300"));

    ServerNames leader = new ServerNames("127.0.0.1_8300", "s1");
    leader.put("127.0.0.1_8301", "s2");
    leader.put("127.0.0.1_8302", "s3");
    assertEquals("127.0.0.1_8300\ts1\n127.0.0.1_8301\ts2\n127.0.0.1_8302\ts3\n", leader.encode());

    follower.merge(leader.encode());
    assertEquals("s1", follower.name("127.0.0.1_8300"));
    assertEquals("s3", follower.name("127.0.0.1_8302"));
  }

  @Test
  void aServerKeepsItsOwnNameAndSkipsWhatItCannotRead() {
    ServerNames restarted = new ServerNames("127.0.0.1_8301", "s2-new");
    // the leader still has the name from before the restart, and a line without a tab
    restarted.merge("127.0.0.1_8301\ts2-old\nno tab here\n\t\n127.0.0.1_8300\t\n");
    assertEquals("s2-new", restarted.name("127.0.0.1_8301"));
    assertEquals("127.0.0.1_8300", restarted.name("127.0.0.1_8300"), "a blank name is ignored");
    restarted.put(" ", "x");
    assertEquals("127.0.0.1_8301\ts2-new\n", restarted.encode());
  }
}
