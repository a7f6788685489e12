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

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node names ({@code -node}) of the cluster's servers by Raft peer ID, as this server has
 * learned them: its own from its configuration, the others' from the leader. Every follower tells
 * the leader its name ({@code LeaderDuties#hello}, at each leader change and every 10 s) and merges
 * the leader's answer, so the names reach every server within seconds, much as Serf carries member
 * names. Soft state, never in the Raft log: a name not learned yet is shown as the Raft ID.
 * Thread-safe.
 */
final class ServerNames {
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final String selfId;

  /**
   * @param selfId this server's Raft peer ID
   * @param selfName this server's node name
   */
  ServerNames(String selfId, String selfName) {
    this.selfId = selfId;
    names.put(selfId, selfName);
  }

  /**
   * @param id a Raft peer ID
   * @return its node name, or {@code id} while it is unknown
   */
  String name(String id) {
    return names.getOrDefault(id, id);
  }

  /**
   * Records a server's name (a HELLO on the leader).
   *
   * @param id its Raft peer ID
   * @param name its node name; blank names are ignored
   */
  void put(String id, String name) {
    if (!id.isBlank() && !name.isBlank()) {
      names.put(id, name);
    }
  }

  /**
   * @return every known name, one {@code <id>\t<name>} a line, sorted by ID
   */
  String encode() {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(names).forEach((id, n) -> b.append(id).append('\t').append(n).append('\n'));
    return b.toString();
  }

  /**
   * Adds the names in an {@link #encode()}d list (the leader's answer to a HELLO); malformed lines
   * and this server's own entry (its name comes from its configuration) are skipped.
   *
   * @param encoded the list
   */
  void merge(String encoded) {
    for (String line : encoded.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0 && !line.substring(0, tab).equals(selfId)) {
        put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
  }
}
