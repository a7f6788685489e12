package io.nativemesh.discovery.internal;

import io.nativemesh.discovery.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/** Each candidate in turn. Thread-safe. */
final class RoundRobinBalancer implements Balancer {
  private final AtomicInteger cursor = new AtomicInteger();

  @Override
  public Endpoint choose(List<Endpoint> candidates, ToIntFunction<Endpoint> outstanding) {
    return candidates.get(Math.floorMod(cursor.getAndIncrement(), candidates.size()));
  }
}
