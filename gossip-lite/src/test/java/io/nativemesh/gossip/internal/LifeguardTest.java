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
package io.nativemesh.gossip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Suspicion timing, awareness and the broadcast queue with a hand-driven clock. */
class LifeguardTest {
  static final class FakeTicker implements Ticker {
    long now;
    final List<long[]> due = new ArrayList<>();
    final List<Runnable> tasks = new ArrayList<>();
    final List<boolean[]> cancelled = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
      boolean[] c = {false};
      due.add(new long[] {now + delayNanos});
      tasks.add(task);
      cancelled.add(c);
      return () -> {
        boolean was = !c[0];
        c[0] = true;
        return was;
      };
    }

    void advance(long nanos) {
      now += nanos;
      for (int i = 0; i < tasks.size(); i++) {
        if (!cancelled.get(i)[0] && due.get(i)[0] <= now) {
          cancelled.get(i)[0] = true;
          tasks.get(i).run();
        }
      }
    }
  }

  private static final long S = 1_000_000_000L;

  @Test
  void suspicionTimeoutMatchesMemberlistTable() {
    // LAN n=100: min 8 s; n=1000: 12 s; Local n=10: 3 s; n=1 -> scale 1
    assertEquals(8 * S, Membership.suspicionTimeoutNanos(4, 100, S));
    assertEquals(12 * S, Membership.suspicionTimeoutNanos(4, 1000, S));
    assertEquals(3 * S, Membership.suspicionTimeoutNanos(3, 10, S));
    assertEquals(4 * S, Membership.suspicionTimeoutNanos(4, 1, S));
    // docs/memberlist.md, "Suspicion timeout": LAN n=100 with one confirmation (k=2)
    // lasts ~22.8 s
    long r = Suspicion.remainingNanos(1, 2, 0, 8 * S, 48 * S);
    assertEquals(22.76, r / 1e9, 0.01);
    assertEquals(8 * S, Suspicion.remainingNanos(2, 2, 0, 8 * S, 48 * S));
  }

  @Test
  void suspicionStartsAtMaxAndConfirmationsShortenIt() {
    FakeTicker t = new FakeTicker();
    AtomicInteger fired = new AtomicInteger(-1);
    Suspicion s = new Suspicion("a", 2, 8 * S, 48 * S, t, fired::set);
    t.advance(10 * S);
    assertTrue(s.confirm("b"));
    assertFalse(s.confirm("b"), "same accuser counts once");
    assertFalse(s.confirm("a"), "the first accuser is not a confirmation");
    t.advance(12 * S); // 22 s elapsed < 22.76 s
    assertEquals(-1, fired.get());
    t.advance(S);
    assertEquals(1, fired.get());
  }

  @Test
  void suspicionWithoutExpectedConfirmationsUsesMin() {
    FakeTicker t = new FakeTicker();
    AtomicInteger fired = new AtomicInteger(-1);
    new Suspicion("a", 0, 3 * S, 18 * S, t, fired::set);
    t.advance(3 * S - 1);
    assertEquals(-1, fired.get());
    t.advance(1);
    assertEquals(0, fired.get());
  }

  @Test
  void enoughConfirmationsFireAtMinImmediatelyIfPast() {
    FakeTicker t = new FakeTicker();
    AtomicInteger fired = new AtomicInteger(-1);
    Suspicion s = new Suspicion("a", 2, 8 * S, 48 * S, t, fired::set);
    t.advance(9 * S);
    s.confirm("b");
    s.confirm("c");
    t.advance(0);
    assertEquals(2, fired.get());
  }

  @Test
  void awarenessScalesAndClamps() {
    Awareness a = new Awareness(8);
    a.applyDelta(-1);
    assertEquals(0, a.score());
    a.applyDelta(20);
    assertEquals(7, a.score());
    assertEquals(Duration.ofSeconds(8), a.scale(Duration.ofSeconds(1)));
  }

  @Test
  void broadcastQueueLimitsTransmitsAndInvalidates() {
    BroadcastQueue q = new BroadcastQueue(() -> 9, 4); // limit 4 * ceil(log10 10) = 4
    assertEquals(12, BroadcastQueue.retransmitLimit(4, 100));
    AtomicInteger finished = new AtomicInteger();
    q.queue("n1", new byte[] {1}, finished::incrementAndGet);
    q.queue("n1", new byte[] {2}, null); // invalidates the first
    assertEquals(1, finished.get());
    q.queue("n2", new byte[100], null);
    List<byte[]> first = q.get(2, 50); // only the small one fits
    assertEquals(1, first.size());
    assertEquals(2, first.get(0)[0]);
    for (int i = 0; i < 3; i++) {
      q.get(2, 1000);
    }
    assertEquals(1, q.size(), "n1 sent 4 times and dropped, n2 sent 3 times");
    q.get(2, 1000);
    assertEquals(0, q.size());
  }

  @Test
  void broadcastQueuePrefersLongerMessagesAmongEquallySentOnes() {
    // memberlist orders by transmits, then length descending, then newest: with room for one
    // message, an older alive (long) goes before a newer suspect (short) sent as often
    BroadcastQueue q = new BroadcastQueue(() -> 9, 4);
    q.queue("alive", new byte[60], null);
    q.queue("suspect", new byte[20], null);
    List<byte[]> out = q.get(2, 62);
    assertEquals(1, out.size());
    assertEquals(60, out.get(0).length);
    List<byte[]> next = q.get(2, 1000); // the suspect (0 sends) before the alive (1 send)
    assertEquals(List.of(20, 60), next.stream().map(b -> b.length).toList());
  }
}
