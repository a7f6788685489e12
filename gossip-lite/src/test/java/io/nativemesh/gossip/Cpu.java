package io.nativemesh.gossip;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;

/** CPU time and heap probes for the benchmarks (report only; Linux /proc for child processes). */
final class Cpu {
    private static final long CLK_TCK = 100; // USER_HZ on Linux x86/arm

    private Cpu() {
    }

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
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Used heap after a full GC request, in bytes. */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
