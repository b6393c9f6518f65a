package io.edgeflow.jobs.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM has used, all threads: on a machine shared with other work, requests per
 * CPU-second compare runs far more stably than requests per wall-clock second.
 */
public final class ProcessCpuTime {
    private ProcessCpuTime() {}

    public static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static double seconds() {
        return nanos() / 1e9;
    }
}
