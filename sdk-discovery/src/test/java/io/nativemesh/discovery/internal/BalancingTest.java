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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.LoadBalancing;
import io.nativemesh.discovery.UpstreamPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancingTest {
  private static final List<Endpoint> THREE = List.of(ep(1), ep(2), ep(3));

  private static Endpoint ep(int i) {
    return new Endpoint("api", "api-" + i, "n", "dc1", new InetSocketAddress("127.0.0." + i, 8443));
  }

  private static Map<Endpoint, Integer> spread(
      Balancer b, int n, Map<Endpoint, Integer> outstanding) {
    Map<Endpoint, Integer> seen = new HashMap<>();
    for (int i = 0; i < n; i++) {
      seen.merge(b.choose(THREE, e -> outstanding.getOrDefault(e, 0)), 1, Integer::sum);
    }
    return seen;
  }

  @Test
  void roundRobinGivesExactlyEqualShares() {
    assertEquals(
        Map.of(ep(1), 100, ep(2), 100, ep(3), 100),
        spread(Balancer.of(LoadBalancing.ROUND_ROBIN), 300, Map.of()));
  }

  @Test
  void randomIsRoughlyUniform() {
    Map<Endpoint, Integer> s = spread(Balancer.of(LoadBalancing.RANDOM), 30_000, Map.of());
    s.values().forEach(c -> assertTrue(c > 9_000 && c < 11_000, s.toString()));
  }

  @Test
  void powerOfTwoChoicesAvoidsTheBusiestInstance() {
    // api-1 has 10 in flight, the others none: of two distinct picks api-1 never wins
    Map<Endpoint, Integer> s =
        spread(Balancer.of(LoadBalancing.LEAST_OUTSTANDING), 3_000, Map.of(ep(1), 10));
    assertFalse(s.containsKey(ep(1)), s.toString());
    s.values().forEach(c -> assertTrue(c > 1_200, s.toString()));
    // api-3 least loaded: it wins whenever it is one of the two picks, i.e. 2/3 of the time
    Map<Endpoint, Integer> t =
        spread(Balancer.of(LoadBalancing.LEAST_OUTSTANDING), 30_000, Map.of(ep(1), 5, ep(2), 3));
    assertTrue(t.get(ep(3)) > 18_500 && t.get(ep(3)) < 21_500, t.toString());
    assertTrue(t.get(ep(2)) > 8_500 && t.get(ep(2)) < 11_500, t.toString());
    assertFalse(t.containsKey(ep(1)), t.toString());
  }

  @Test
  void ejectionAfterConsecutiveFailuresWithTimedReturnAndGrowingBackoff() {
    EndpointStats s = new EndpointStats();
    Duration base = Duration.ofSeconds(10);
    Duration max = Duration.ofSeconds(25);
    long t = 1_000;
    assertFalse(s.failure(t, 3, base, max));
    s.success(); // resets the streak
    assertFalse(s.failure(t, 3, base, max));
    assertFalse(s.failure(t, 3, base, max));
    assertTrue(s.failure(t, 3, base, max));
    assertTrue(s.isEjected(t + base.toNanos() - 1));
    assertFalse(s.isEjected(t + base.toNanos()), "returns after the ejection time");
    long t2 = t + base.toNanos();
    for (int i = 0; i < 3; i++) {
      s.failure(t2, 3, base, max);
    }
    assertTrue(
        s.isEjected(t2 + 2 * base.toNanos() - 1), "second ejection in a row lasts twice as long");
    assertFalse(s.isEjected(t2 + 2 * base.toNanos()));
    long t3 = t2 + 2 * base.toNanos();
    for (int i = 0; i < 3; i++) {
      s.failure(t3, 3, base, max);
    }
    assertFalse(s.isEjected(t3 + max.toNanos()), "capped at the maximum");
  }

  @Test
  void policyRejectsNonsense() {
    assertThrows(
        InvalidConfigurationException.class,
        () -> UpstreamPolicy.builder().retries(0, Duration.ZERO).build());
    assertThrows(
        InvalidConfigurationException.class,
        () ->
            UpstreamPolicy.builder()
                .outlierEjection(1, Duration.ofSeconds(5), Duration.ofSeconds(1))
                .build());
    assertThrows(
        InvalidConfigurationException.class,
        () -> UpstreamPolicy.builder().circuitBreaker(0, 1, 1, Duration.ofSeconds(1)).build());
  }
}
