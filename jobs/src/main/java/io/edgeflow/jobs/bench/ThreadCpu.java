package io.edgeflow.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM's threads at one instant, by thread id; the difference of two snapshots,
 * grouped by role, says where a run's CPU went (predictors, the task thread, the generator, the
 * JIT, GC) — the evidence when a pipeline falls short of the engine on a small machine. JIT and GC
 * threads are invisible to ThreadMXBean; on Linux they are read from /proc by their names.
 */
record ThreadCpu(
        Map<Long, Long> nanosById, Map<Long, String> namesById, long jitNanos, long gcNanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path TASKS = Path.of("/proc/self/task");
    // /proc reports clock ticks; Linux's USER_HZ is 100 on every common configuration.
    private static final long NANOS_PER_TICK = 10_000_000;

    static ThreadCpu now() {
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) {
                nanos.put(t.getThreadId(), cpu);
                names.put(t.getThreadId(), t.getThreadName());
            }
        }
        long[] jitAndGc = jitAndGcNanos();
        return new ThreadCpu(nanos, names, jitAndGc[0], jitAndGc[1]);
    }

    private static long[] jitAndGcNanos() {
        long[] nanos = new long[2];
        if (!Files.isDirectory(TASKS)) {
            return nanos;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    int kind =
                            comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                                    ? 0
                                    : comm.startsWith("GC Thread") || comm.startsWith("G1 ")
                                            ? 1
                                            : -1;
                    if (kind >= 0) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        // Fields 14 and 15 of stat (utime, stime), counted after "pid (comm) ".
                        nanos[kind] +=
                                (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread exited between listing and reading.
                }
            }
        } catch (IOException e) {
            return nanos;
        }
        return nanos;
    }

    /**
     * CPU seconds per role between {@code earlier} and this snapshot, largest first, as one line;
     * "other native" is the process's CPU time not accounted for by the rest.
     */
    String since(ThreadCpu earlier, double processCpuSeconds) {
        Map<String, Double> byRole = new TreeMap<>();
        double visible = 0;
        for (Map.Entry<Long, Long> e : nanosById.entrySet()) {
            long before = earlier.nanosById.getOrDefault(e.getKey(), 0L);
            double seconds = (e.getValue() - before) / 1e9;
            if (seconds <= 0) {
                continue;
            }
            byRole.merge(role(namesById.get(e.getKey())), seconds, Double::sum);
            visible += seconds;
        }
        double jit = (jitNanos - earlier.jitNanos) / 1e9;
        double gc = (gcNanos - earlier.gcNanos) / 1e9;
        byRole.put("JIT compiler", jit);
        byRole.put("GC", gc);
        // Native threads the engines start (OpenMP teams) and threads that exited.
        byRole.put("other native", processCpuSeconds - visible - jit - gc);
        return byRole.entrySet().stream()
                .filter(e -> e.getValue() >= 0.005)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** A thread's name without its subtask and sequence numbers. */
    private static String role(String name) {
        return name.replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "")
                .replaceAll("-\\d+$", "")
                .replaceAll("#\\d+$", "");
    }
}
