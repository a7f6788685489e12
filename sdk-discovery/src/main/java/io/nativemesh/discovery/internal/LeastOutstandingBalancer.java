package io.nativemesh.discovery.internal;

import io.nativemesh.discovery.Endpoint;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/** Power of two choices: of two distinct random candidates, the one with fewer in flight. Thread-safe. */
final class LeastOutstandingBalancer implements Balancer {
  @Override
  public Endpoint choose(List<Endpoint> candidates, ToIntFunction<Endpoint> outstanding) {
    int n = candidates.size();
    if (n == 1) {
      return candidates.get(0);
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int i = r.nextInt(n);
    int j = r.nextInt(n - 1);
    if (j >= i) {
      j++;
    }
    Endpoint a = candidates.get(i);
    Endpoint b = candidates.get(j);
    return outstanding.applyAsInt(b) < outstanding.applyAsInt(a) ? b : a;
  }
}
