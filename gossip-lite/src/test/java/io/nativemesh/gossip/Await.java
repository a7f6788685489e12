package io.nativemesh.gossip;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling. */
final class Await {
    private Await() {
    }

    static boolean until(BooleanSupplier cond, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return cond.getAsBoolean();
    }
}
