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

import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.LoadBalancing;
import java.util.List;
import java.util.function.ToIntFunction;

/** Chooses one endpoint among candidates. Implementations are thread-safe. */
public interface Balancer {

  /**
   * @param candidates non-empty, in catalog order
   * @param outstanding in-flight count of an endpoint
   * @return the chosen endpoint
   */
  Endpoint choose(List<Endpoint> candidates, ToIntFunction<Endpoint> outstanding);

  /**
   * @param lb the policy
   * @return a new balancer with its own state (e.g. a round-robin cursor)
   */
  static Balancer of(LoadBalancing lb) {
    return switch (lb) {
      case ROUND_ROBIN -> new RoundRobinBalancer();
      case RANDOM -> new RandomBalancer();
      case LEAST_OUTSTANDING -> new LeastOutstandingBalancer();
    };
  }
}
