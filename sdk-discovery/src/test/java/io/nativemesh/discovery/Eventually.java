package io.nativemesh.discovery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread establishes; no timing is assumed, 10 s bound the wait. */
public final class Eventually {
  private Eventually() {}

  /**
   * @param condition polled every 2 ms
   * @param what names the event in the failure message
   * @throws AssertionError if the condition does not hold within 10 s
   */
  public static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
