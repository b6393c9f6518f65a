package io.edgeflow.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM and every process it started (the cluster's JVMs), from /proc: the machine
 * is shared, so wall-clock figures are reported next to CPU time and the load average.
 */
final class ProcessCpu {
    /** USER_HZ: the unit of /proc/PID/stat times; 100 on every Linux/x86 and arm64 build. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /**
     * utime + stime of this process, of its reaped children (cutime + cstime: the processes that
     * ended, killed TaskManagers among them) and of its live descendants.
     */
    static long descendantsAndSelfNanos() {
        long[] self = stat(ProcessHandle.current().pid());
        long ticks = self[0] + self[1] + self[2] + self[3];
        for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
            long[] t = stat(h.pid());
            ticks += t[0] + t[1];
        }
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** utime, stime, cutime, cstime (fields 14-17); zeros for a process that is gone. */
    private static long[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces: count fields after its closing paren.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14])
            };
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }
}
