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
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * Power of two choices: of two distinct random candidates, the one with fewer in flight.
 * Thread-safe.
 */
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
