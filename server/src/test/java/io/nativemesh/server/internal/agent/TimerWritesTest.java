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
package io.nativemesh.server.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.CommandLog;
import io.nativemesh.server.internal.state.Session;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timer-driven writes (session TTL expiry) are submitted, not awaited: while one expiry's fsync is
 * outstanding, the timer thread goes on to the next expiry and to any other timer. The log's {@code
 * sync()} is held closed by a gate to stand for a slow disk.
 */
class TimerWritesTest {
  private final GatedLog log = new GatedLog();
  private StateStore store;
  private ScheduledExecutorService timers;

  @BeforeEach
  void setUp() throws Exception {
    store = new StateStore(log);
    timers = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void tearDown() {
    log.release();
    timers.shutdownNow();
    store.close();
  }

  @Test
  void sessionExpiriesDoNotWaitForEachOthersFsync() throws Exception {
    for (String id : List.of("s1", "s2")) {
      store.apply(
          new Command.CreateSession(
              new Session(
                  id,
                  "",
                  "n1",
                  Duration.ZERO,
                  Session.RELEASE,
                  Duration.ofMillis(10),
                  List.of(),
                  List.of(),
                  0,
                  0)));
    }
    log.hold();
    SessionTimers sessions = new SessionTimers(store, timers, Clock.systemUTC());
    sessions.arm("s1", Duration.ofMillis(10));
    sessions.arm("s2", Duration.ofMillis(10));

    // both invalidations reach the log although the first one's sync has not returned
    assertTrue(
        log.awaitAppended(Command.DestroySession.class, 2, 5_000), "appended: " + log.appended);
    // and the timer thread is free for other timers
    assertTrue(timers.schedule(() -> true, 1, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS));
    assertEquals(2, store.snapshot().sessions().size(), "not published before it is durable");

    log.release();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!store.snapshot().sessions().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, store.snapshot().sessions().size());
  }

  /** A command log in memory whose {@link #sync()} blocks while the gate is closed. */
  private static final class GatedLog implements CommandLog {
    final List<Command<?>> appended = new CopyOnWriteArrayList<>();
    private boolean gateOpen = true;

    synchronized void hold() {
      gateOpen = false;
    }

    synchronized void release() {
      gateOpen = true;
      notifyAll();
    }

    boolean awaitAppended(Class<?> type, int count, long timeoutMillis)
        throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (appended.stream().filter(type::isInstance).count() < count) {
        if (System.currentTimeMillis() > deadline) {
          return false;
        }
        Thread.sleep(5);
      }
      return true;
    }

    @Override
    public Recovered recover() {
      return new Recovered(null, List.of());
    }

    @Override
    public String location() {
      return "in-memory gated log";
    }

    @Override
    public void append(long index, Command<?> command) {
      appended.add(command);
    }

    @Override
    public synchronized void sync() {
      while (!gateOpen) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void snapshot(StateSnapshot snapshot) {}

    @Override
    public long commandsSinceSnapshot() {
      return appended.size();
    }

    @Override
    public void close() {
      release();
    }
  }
}
