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
package io.nativemesh.server.internal.state;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A session (Consul: {@code structs.Session}). Immutable.
 *
 * @param id the UUID
 * @param name free-form name, may be empty
 * @param node the node it belongs to
 * @param lockDelay how long keys it held stay unacquirable after invalidation
 * @param behavior {@code release} or {@code delete}
 * @param ttl the TTL, or null for none
 * @param nodeChecks node check IDs tied to it (default {@code serfHealth})
 * @param serviceChecks service check IDs tied to it
 * @param createIndex index of creation
 * @param modifyIndex index of the last change (= create; sessions are immutable in Consul)
 */
public record Session(
    String id,
    String name,
    String node,
    Duration lockDelay,
    String behavior,
    Duration ttl,
    List<String> nodeChecks,
    List<String> serviceChecks,
    long createIndex,
    long modifyIndex) {
  /** Behaviour: release held locks on invalidation. */
  public static final String RELEASE = "release";

  /** Behaviour: delete held keys on invalidation. */
  public static final String DELETE = "delete";

  /** Copies the lists. */
  public Session {
    Objects.requireNonNull(id, "id");
    nodeChecks = List.copyOf(nodeChecks);
    serviceChecks = List.copyOf(serviceChecks);
  }
}
