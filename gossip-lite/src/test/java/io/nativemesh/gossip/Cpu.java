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
package io.nativemesh.gossip;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;

/** CPU time and heap probes for the benchmarks (report only; Linux /proc for child processes). */
final class Cpu {
  private static final long CLK_TCK = 100; // USER_HZ on Linux x86/arm

  private Cpu() {}

  /** utime + stime of a process in nanoseconds, from /proc/PID/stat; -1 if unreadable. */
  static long ofPid(long pid) {
    try {
      String s = Files.readString(Paths.get("/proc/" + pid + "/stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // fields after "(comm) ": state=0, ..., utime=11, stime=12
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / CLK_TCK);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU time of this JVM in nanoseconds (all threads, JIT and GC included). */
  static long ofThisProcess() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Used heap after a full GC request, in bytes. */
  static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
