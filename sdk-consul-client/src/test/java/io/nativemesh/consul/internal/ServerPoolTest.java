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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The order in which one request's plan tries the addresses, on a clock the test moves. */
class ServerPoolTest {
  private static final HttpUrl A = HttpUrl.get("http://127.0.0.1:8500/");
  private static final HttpUrl B = HttpUrl.get("http://127.0.0.1:8501/");
  private final MovableClock clock = new MovableClock();
  private final ServerPool pool = new ServerPool(List.of(A, B), Duration.ofSeconds(5), clock);

  @Test
  void quickFailuresEndTheRequestAfterOnePass() {
    ServerPool.Plan p = pool.plan();
    assertEquals(A, p.next().url());
    p.failed(new IOException("refused"));
    assertEquals(B, p.next().url());
    p.failed(new IOException("refused"));
    assertNull(p.next(), "both failed within the cool-down: no second pass");
  }

  @Test
  void aSlowRequestGoesBackToAnAddressWhoseCoolDownHasPassed() {
    ServerPool.Plan p = pool.plan();
    assertEquals(A, p.next().url());
    p.failed(new IOException("refused")); // A killed
    assertEquals(B, p.next().url()); // parks on B as a blocking query ...
    clock.advance(Duration.ofSeconds(6));
    p.failed(new IOException("unexpected end of stream")); // ... until B is killed
    assertEquals(A, p.next().url(), "A failed 6 s ago, past the 5 s cool-down");
    p.failed(new IOException("refused"));
    assertNull(p.next(), "at most two passes");
  }

  /**
   * Another request took the single trial call of the half-open breaker (a blocking query parked on
   * the recovered address holds it for minutes); the slow request must not give up on the address
   * for that: in the greeter demo during leader kills, every watch but one failed so.
   */
  @Test
  void theSecondPassTriesAHalfOpenAddressWhoseTrialCallIsTaken() {
    ServerPool.Plan slow = pool.plan();
    assertEquals(A, slow.next().url());
    slow.failed(new IOException("refused"));
    assertEquals(B, slow.next().url());
    clock.advance(Duration.ofSeconds(6));
    ServerPool.Plan other = pool.plan();
    assertEquals(B, other.next().url());
    other.failed(new IOException("refused")); // B killed
    assertEquals(A, other.next().url(), "the trial call of A's half-open breaker");
    slow.failed(new IOException("unexpected end of stream"));
    assertEquals(A, slow.next().url());
    slow.succeeded();
    assertEquals(A, pool.preferred());
  }

  /** A clock that moves only when told. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-12-02T07:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
