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
package io.nativemesh.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CPU accounting of a benchmark window: this JVM's process CPU time ({@code
 * com.sun.management.OperatingSystemMXBean#getProcessCpuTime}) plus the user + system time of the
 * registered external processes (HAProxy) from {@code /proc/<pid>/stat}, plus the whole machine's
 * busy time from {@code /proc/stat} so that CPU taken by other processes during a window (noise)
 * can be reported. Thread-safe.
 */
public final class CpuMeter {
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<Long> pids = new CopyOnWriteArrayList<>();
  private final long clockTicksPerSecond;

  /**
   * @param clockTicksPerSecond {@code sysconf(_SC_CLK_TCK)}, 100 on Linux
   */
  public CpuMeter(long clockTicksPerSecond) {
    this.clockTicksPerSecond = clockTicksPerSecond;
  }

  /**
   * @param pid an external process whose CPU counts as ours (a HAProxy)
   */
  public void addProcess(long pid) {
    pids.add(pid);
  }

  /**
   * A reading.
   *
   * @param wallNanos {@link System#nanoTime()}
   * @param jvmNanos this JVM's CPU time
   * @param externalNanos the external processes' CPU time
   * @param machineBusyNanos every CPU's non-idle time
   */
  public record Sample(long wallNanos, long jvmNanos, long externalNanos, long machineBusyNanos) {
    /**
     * @param later a later sample
     * @return the difference
     */
    public Sample until(Sample later) {
      return new Sample(
          later.wallNanos - wallNanos,
          later.jvmNanos - jvmNanos,
          later.externalNanos - externalNanos,
          later.machineBusyNanos - machineBusyNanos);
    }

    /**
     * @return JVM + external CPU time
     */
    public long ownNanos() {
      return jvmNanos + externalNanos;
    }

    /**
     * @return CPU time used by everything else on the machine, never negative
     */
    public long foreignNanos() {
      return Math.max(0, machineBusyNanos - ownNanos());
    }
  }

  /**
   * @return the current reading
   */
  public Sample sample() {
    long ext = 0;
    for (long pid : pids) {
      ext += processTicks(pid);
    }
    return new Sample(
        System.nanoTime(),
        os.getProcessCpuTime(),
        ticksToNanos(ext),
        ticksToNanos(machineBusyTicks()));
  }

  private long ticksToNanos(long ticks) {
    return ticks * 1_000_000_000L / clockTicksPerSecond;
  }

  /**
   * @param pid a process
   * @return its utime + stime in clock ticks (0 if it is gone)
   */
  static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 (utime) and 15 (stime)
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long machineBusyTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * @return {@code getconf CLK_TCK}, or 100 if it cannot be run
   */
  public static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
