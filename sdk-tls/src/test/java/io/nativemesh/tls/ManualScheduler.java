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
package io.nativemesh.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler driven by a {@link MutableClock}: delayed tasks run (on the caller's thread) when
 * {@link #advance} moves the clock past their due time, never on their own. Plain {@link #execute}
 * tasks run at once on a helper thread. Thread-safe.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final MutableClock clock;
  private final List<Task<?>> pending = new ArrayList<>();
  private final ExecutorService immediate =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "manual-scheduler-immediate");
            t.setDaemon(true);
            return t;
          });

  ManualScheduler(MutableClock clock) {
    this.clock = clock;
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    private final Instant due;

    Task(Callable<V> c, Instant due) {
      super(c);
      this.due = due;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due));
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      synchronized (ManualScheduler.this) {
        pending.remove(this);
      }
      return super.cancel(mayInterrupt);
    }
  }

  /**
   * Moves the clock forward and runs every task due by then, earliest first.
   *
   * @param d how far
   */
  void advance(Duration d) {
    clock.advance(d);
    while (true) {
      Task<?> next;
      synchronized (this) {
        next =
            pending.stream()
                .filter(t -> !t.due.isAfter(clock.instant()))
                .min(Comparator.comparing(t -> t.due))
                .orElse(null);
        if (next == null) {
          return;
        }
        pending.remove(next);
      }
      next.run();
    }
  }

  /**
   * @return due times of the tasks not yet run, earliest first
   */
  synchronized List<Instant> dueTimes() {
    return pending.stream().map(t -> t.due).sorted().toList();
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return schedule(
        () -> {
          command.run();
          return null;
        },
        delay,
        unit);
  }

  @Override
  public synchronized <V> ScheduledFuture<V> schedule(
      Callable<V> callable, long delay, TimeUnit unit) {
    Task<V> t = new Task<>(callable, clock.instant().plusNanos(unit.toNanos(delay)));
    pending.add(t);
    return t;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the code under test");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the code under test");
  }

  @Override
  public void execute(Runnable command) {
    immediate.execute(command);
  }

  @Override
  public void shutdown() {
    immediate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    synchronized (this) {
      pending.clear();
    }
    return immediate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return immediate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return immediate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return immediate.awaitTermination(timeout, unit);
  }
}
