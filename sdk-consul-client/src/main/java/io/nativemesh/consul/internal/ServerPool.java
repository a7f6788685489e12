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
package io.nativemesh.consul.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;

/**
 * The server addresses of one client and which of them to try first.
 *
 * <p>Requests stick to the address that last answered (the preferred one) and move on, in list
 * order, when it fails. Each address has a Resilience4j circuit breaker that one failure opens for
 * the cool-down: while open, the address is tried only after every other one, so a dead server
 * costs one connection failure per cool-down, not one per request. Thread-safe.
 */
public final class ServerPool {
  private final List<Server> servers;
  private final AtomicInteger preferred = new AtomicInteger();

  /**
   * @param addresses at least one base URL, in the order given by the user
   * @param coolDown how long a failed address is tried last
   */
  public ServerPool(List<HttpUrl> addresses, Duration coolDown) {
    this(addresses, coolDown, Clock.systemUTC());
  }

  /**
   * @param addresses at least one base URL, in the order given by the user
   * @param coolDown how long a failed address is tried last
   * @param clock the clock the cool-down is measured on (tests)
   */
  public ServerPool(List<HttpUrl> addresses, Duration coolDown, Clock clock) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no server address");
    }
    CircuitBreakerConfig config =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(1)
            .minimumNumberOfCalls(1)
            .failureRateThreshold(100)
            .waitDurationInOpenState(coolDown)
            .permittedNumberOfCallsInHalfOpenState(1)
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .clock(clock)
            .build();
    List<Server> list = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      HttpUrl u = addresses.get(i);
      list.add(new Server(i, u, CircuitBreaker.of("consul " + u, config)));
    }
    this.servers = List.copyOf(list);
  }

  /**
   * @return every address, in the configured order
   */
  public List<HttpUrl> addresses() {
    return servers.stream().map(Server::url).toList();
  }

  /**
   * @return the address requests go to first
   */
  public HttpUrl preferred() {
    return servers.get(preferred.get()).url();
  }

  /**
   * @return whether more than one address is configured
   */
  public boolean isFailover() {
    return servers.size() > 1;
  }

  /**
   * @return a new attempt plan starting at the preferred address; not thread-safe (one per request)
   */
  public Plan plan() {
    return new Plan(preferred.get());
  }

  /** One address and its breaker. */
  public record Server(int position, HttpUrl url, CircuitBreaker breaker) {}

  /** The order in which one request tries the addresses; not thread-safe. */
  public final class Plan {
    private final int start;
    private final List<Server> deferred = new ArrayList<>();
    private int step;
    private int deferredStep;
    private boolean secondPass;
    private Server current;
    private boolean permitted;
    private long startedNanos;

    private Plan(int start) {
      this.start = start;
    }

    /**
     * The next address: first every address once (those in their cool-down last); then, with
     * several addresses, a second pass over those whose cool-down has passed since they failed. A
     * request's attempts can outlast the cool-down (a blocking query parks on a server for minutes
     * before that server dies), so by the time the last address fails, the first may have come
     * back: during a leader change, a watch's query refused by a killed server, then parked on a
     * second one that was killed next and answered "No cluster leader" by the third, had given up
     * although the first had been serving again for seconds. Failures quicker than the cool-down
     * leave every breaker open, so such a request still ends after one pass.
     *
     * @return the next address to try, or null when there is none left to try
     */
    public Server next() {
      while (true) {
        while (step < servers.size()) {
          Server s = servers.get((start + step++) % servers.size());
          if (s.breaker().tryAcquirePermission()) {
            return begin(s, true);
          }
          if (!secondPass) {
            deferred.add(s);
          } else if (s.breaker().getState() == CircuitBreaker.State.HALF_OPEN) {
            // its cool-down has passed, but its one trial call went to another request (a
            // blocking query may hold it for minutes): try it anyway, without the permission
            return begin(s, false);
          }
        }
        if (deferredStep < deferred.size()) {
          return begin(deferred.get(deferredStep++), false);
        }
        if (secondPass || servers.size() == 1) {
          return null;
        }
        secondPass = true;
        step = 0;
      }
    }

    private Server begin(Server s, boolean withPermission) {
      current = s;
      permitted = withPermission;
      startedNanos = System.nanoTime();
      return s;
    }

    /** The current address answered (any answer that is not a reason to fail over). */
    public void succeeded() {
      if (permitted) {
        current.breaker().onSuccess(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
      } else {
        current.breaker().transitionToClosedState();
      }
      preferred.set(current.position());
    }

    /**
     * The current address failed in a way that makes the next one worth trying.
     *
     * @param cause the failure
     */
    public void failed(Throwable cause) {
      if (permitted) {
        current.breaker().onError(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS, cause);
      }
      // move the other requests along too, unless one already did
      preferred.compareAndSet(current.position(), (current.position() + 1) % servers.size());
    }

    /** The request ended at the current address without an answer either way (cancelled). */
    public void abandoned() {
      if (permitted) {
        current.breaker().releasePermission();
      }
    }
  }
}
