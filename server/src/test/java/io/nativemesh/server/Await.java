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
package io.nativemesh.server;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition with a deadline (CI machines are loaded: never a fixed sleep). */
final class Await {
  private static final long DEADLINE_NANOS = 20_000_000_000L;

  private Await() {}

  /**
   * @param cond polled every 50 ms
   * @param what named in the failure
   * @throws AssertionError when it does not hold within 20 s
   */
  static void until(BooleanSupplier cond, String what) throws InterruptedException {
    until(cond, what, () -> "");
  }

  /**
   * @param cond polled every 50 ms
   * @param what named in the failure
   * @param detail evaluated on failure, appended to the message
   * @throws AssertionError when it does not hold within 20 s
   */
  static void until(BooleanSupplier cond, String what, Supplier<String> detail)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (System.nanoTime() < deadline) {
      if (cond.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what + " " + detail.get());
  }
}
