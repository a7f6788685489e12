package io.nativemesh.gossip.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link Ticker} on {@link System#nanoTime()} and a scheduled executor. Thread-safe. */
public final class SystemTicker implements Ticker {
    private final ScheduledExecutorService scheduler;

    public SystemTicker(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        try {
            ScheduledFuture<?> f = scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return () -> false; // shutting down
        }
    }
}
