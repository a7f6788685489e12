package io.nativemesh.gossip.internal;

/**
 * Time source and one-shot timer, injected where timing logic lives (suspicion, awareness) so
 * tests can drive time by hand. Implementations must be thread-safe.
 */
public interface Ticker {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Runs {@code task} once after {@code delayNanos}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delayNanos);

    /** Handle of a scheduled task. */
    interface Cancellable {
        /** @return true if the task had not run yet and will not run */
        boolean cancel();
    }
}
