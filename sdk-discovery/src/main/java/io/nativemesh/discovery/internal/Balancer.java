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
