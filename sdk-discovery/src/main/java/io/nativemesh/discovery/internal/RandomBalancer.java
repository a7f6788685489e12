package io.nativemesh.discovery.internal;

import io.nativemesh.discovery.Endpoint;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/** A uniformly random candidate. Thread-safe. */
final class RandomBalancer implements Balancer {
  @Override
  public Endpoint choose(List<Endpoint> candidates, ToIntFunction<Endpoint> outstanding) {
    return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
  }
}
