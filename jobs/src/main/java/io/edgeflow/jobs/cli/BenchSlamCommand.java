package io.edgeflow.jobs.cli;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.replay.Replayer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.jobs.FrameIngestJob;
import io.edgeflow.jobs.runtime.FlinkRest;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import io.edgeflow.protocol.carmen.CarmenLaser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeflow bench slam}: the SLAM job on the embedded runtime (KRaft broker and MiniCluster
 * in this process) fed with a log replayed as N robots at X times real time. Reports the job's own
 * scan→pose latency histogram, whether it kept up, and its checkpoints (incremental RocksDB).
 */
@Command(
        name = "slam",
        mixinStandardHelpOptions = true,
        description = {
            "The local SLAM job on the embedded runtime, fed a log replayed as N robots at X times"
                    + " real time: scan→pose latency p50/p99 from the job's metrics, whether it"
                    + " keeps up, checkpoint sizes and durations.",
            "Keeps up = the last scan's pose left the SLAM operator within --drain-limit of the"
                    + " last frame being sent, and p99 latency stayed below 1 s."
        })
public final class BenchSlamCommand implements Callable<Integer> {
    private static final String METRICS = "edgeflow.slam.";

    @Option(
            names = "--log",
            paramLabel = "FILE",
            description = "CARMEN log to replay (default: data/laser/intel.clf.bz2).")
    Path log;

    @Option(
            names = "--robots",
            defaultValue = "4",
            description = "robots to split the log into (default ${DEFAULT-VALUE})")
    int robots;

    @Option(
            names = "--speed",
            defaultValue = "10",
            description = "replay speed, times real time (default ${DEFAULT-VALUE})")
    double speed;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "10s",
            description = "checkpoint interval (default ${DEFAULT-VALUE}, as flink-conf)")
    String checkpointInterval;

    @Option(
            names = "--drain-limit",
            defaultValue = "5",
            description =
                    "seconds after the replay within which the last pose must come out to count"
                            + " as keeping up; Flink's metric fetcher refreshes every 2 s"
                            + " (default ${DEFAULT-VALUE})")
    double drainLimitSeconds;

    @Option(
            names = "--out",
            defaultValue = "out/bench-slam",
            description = "work dir of the runtime (default ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--timeout",
            defaultValue = "1800",
            description = "give up after this many seconds (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Path logFile = log != null ? log : ProjectHome.data("laser/intel.clf.bz2");
        Path work = out.resolve("work");
        DemoCommand.deleteRecursively(work);
        Files.createDirectories(out);
        Progress progress = new Progress(System.err);
        CompletableFuture<List<RobotLog>> loading =
                ReplayCommand.splitInBackground(logFile, robots, "robot-");
        int parallelism = 2;
        try (LocalRuntime runtime =
                LocalRuntime.start(
                        new LocalRuntime.Options(
                                work,
                                0,
                                0,
                                parallelism,
                                Duration.parse("PT" + checkpointInterval.toUpperCase())))) {
            StreamExecutionEnvironment env = runtime.newEnvironment();
            FrameIngestJob.forKafka(
                            runtime.bootstrapServers(),
                            "edgeflow-bench-slam",
                            FrameIngestJob.Settings.defaults())
                    .build(env);
            JobClient job = env.executeAsync("edgeflow slam bench");
            try {
                return run(runtime, job, loading.join(), logFile, parallelism, progress);
            } finally {
                job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    private int run(
            LocalRuntime runtime,
            JobClient job,
            List<RobotLog> logs,
            Path logFile,
            int parallelism,
            Progress progress)
            throws Exception {
        String jobId = job.getJobID().toHexString();
        FlinkRest rest = new FlinkRest(runtime.webUiUrl());
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (!polled(() -> rest.running(jobId), false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job did not start");
            }
            Thread.sleep(200);
        }
        long scans =
                logs.stream()
                        .flatMap(l -> l.records().stream())
                        .filter(r -> r instanceof CarmenLaser)
                        .count();
        Map<Integer, List<String>> placement = new TreeMap<>();
        for (RobotLog l : logs) {
            placement
                    .computeIfAbsent(
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    NodeId.of(l.robotName()), 128, parallelism),
                            k -> new ArrayList<>())
                    .add(l.robotName());
        }
        System.out.printf(
                "%s as %d robots (%d scans, %.0f s of log each) at %.0f× real time; robots per"
                        + " SLAM subtask %s%n",
                logFile.getFileName(),
                logs.size(),
                scans,
                logs.stream().mapToDouble(RobotLog::duration).max().orElse(0),
                speed,
                placement);

        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Map<Long, FlinkRest.CheckpointRecord> checkpoints = new TreeMap<>();
        CompletableFuture<Replayer.Result> replay =
                CompletableFuture.supplyAsync(
                        () -> {
                            try (FrameProducer producer =
                                    new FrameProducer(runtime.bootstrapServers(), Topics.FRAMES)) {
                                return ReplayCommand.replay(logs, producer, speed, progress);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        });
        long processed = 0;
        while (!replay.isDone() && System.nanoTime() < deadline) {
            collect(polled(() -> rest.checkpointHistory(jobId), List.of()), checkpoints);
            Thread.sleep(1000);
        }
        Replayer.Result replayed = replay.join();
        long replayEnd = System.nanoTime();
        while (System.nanoTime() < deadline) {
            collect(polled(() -> rest.checkpointHistory(jobId), List.of()), checkpoints);
            long before = processed;
            processed =
                    polled(
                            () ->
                                    rest.sumOperatorMetric(jobId, METRICS + "scans")
                                            + rest.sumOperatorMetric(
                                                    jobId, METRICS + "rejectedScans"),
                            before);
            if (processed >= scans) {
                break;
            }
            Thread.sleep(250);
        }
        double drainSeconds = (System.nanoTime() - replayEnd) / 1e9;
        // A checkpoint triggered after the last scan holds the robots' final state.
        long lastId = checkpoints.isEmpty() ? 0 : ((TreeMap<Long, ?>) checkpoints).lastKey();
        long finalDeadline =
                Math.min(
                        deadline,
                        System.nanoTime()
                                + 3
                                        * Duration.parse("PT" + checkpointInterval.toUpperCase())
                                                .toNanos()
                                + 60_000_000_000L);
        while (System.nanoTime() < finalDeadline
                && checkpoints.values().stream()
                        .noneMatch(c -> c.id() > lastId && c.status().equals("COMPLETED"))) {
            collect(polled(() -> rest.checkpointHistory(jobId), List.of()), checkpoints);
            Thread.sleep(1000);
        }
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        double wallSeconds = (System.nanoTime() - wall0) / 1e9;
        FlinkRest.MetricAggregate p50 =
                polled(
                        () ->
                                rest.operatorMetric(
                                        jobId, METRICS + "scanToPoseLatencyMillis_median"),
                        null,
                        6);
        FlinkRest.MetricAggregate p99 =
                polled(
                        () -> rest.operatorMetric(jobId, METRICS + "scanToPoseLatencyMillis_p99"),
                        null,
                        6);
        FlinkRest.MetricAggregate max =
                polled(
                        () -> rest.operatorMetric(jobId, METRICS + "scanToPoseLatencyMillis_max"),
                        null,
                        6);
        FlinkRest.MetricAggregate work50 =
                polled(
                        () -> rest.operatorMetric(jobId, METRICS + "scanProcessingMicros_median"),
                        null,
                        6);
        FlinkRest.MetricAggregate work99 =
                polled(
                        () -> rest.operatorMetric(jobId, METRICS + "scanProcessingMicros_p99"),
                        null,
                        6);

        List<FlinkRest.CheckpointRecord> done =
                checkpoints.values().stream().filter(c -> c.status().equals("COMPLETED")).toList();
        FlinkRest.CheckpointRecord last = done.isEmpty() ? null : done.get(done.size() - 1);
        long[] incremental =
                done.stream()
                        .mapToLong(FlinkRest.CheckpointRecord::checkpointedBytes)
                        .sorted()
                        .toArray();
        long incrementalMax = incremental.length == 0 ? 0 : incremental[incremental.length - 1];
        long incrementalMedian = incremental.length == 0 ? 0 : incremental[incremental.length / 2];
        long[] durations =
                done.stream()
                        .mapToLong(FlinkRest.CheckpointRecord::durationMillis)
                        .sorted()
                        .toArray();
        boolean keepsUp =
                processed >= scans && drainSeconds <= drainLimitSeconds && p99.max() < 1000;
        String load = loadAverage();

        System.out.println();
        System.out.printf(
                "replay             %d frames in %.1f s (%.0f s of log per robot / %.0f×)%n",
                replayed.frames(), replayed.wallSeconds(), replayed.logSeconds(), speed);
        System.out.printf(
                "scans processed    %d/%d, last pose %.1f s after the last frame was sent%n",
                processed, scans, drainSeconds);
        System.out.printf(
                "scan→pose latency  p50 %.0f ms, p99 %.0f ms, max %.0f ms (worst SLAM subtask)%n",
                p50.max(), p99.max(), max.max());
        System.out.printf(
                "SLAM per scan      p50 %.1f ms, p99 %.1f ms (operator processing time)%n",
                work50.max() / 1000, work99.max() / 1000);
        System.out.printf(
                "checkpoints        %d completed; full state %.2f MB at the end, incremental"
                        + " p50 %.2f MB, max %.2f MB; duration p50 %d ms, max %d ms%n",
                done.size(),
                last == null ? 0 : last.stateBytes() / 1e6,
                incrementalMedian / 1e6,
                incrementalMax / 1e6,
                durations.length == 0 ? 0 : durations[durations.length / 2],
                durations.length == 0 ? 0 : durations[durations.length - 1]);
        System.out.printf(
                "process            wall %.1f s, CPU %.1f s (broker, Flink and replayer), load %s%n",
                wallSeconds, cpuSeconds, load);
        System.out.printf(
                Locale.ROOT,
                "RESULT log=%s robots=%d speed=%.0f scans=%d processed=%d latency_p50_ms=%.0f"
                        + " latency_p99_ms=%.0f latency_max_ms=%.0f drain_s=%.1f keeps_up=%s"
                        + " checkpoints=%d state_mb=%.2f incremental_p50_mb=%.2f"
                        + " incremental_max_mb=%.2f"
                        + " checkpoint_p50_ms=%d checkpoint_max_ms=%d wall_s=%.1f cpu_s=%.1f load=%s%n",
                logFile.getFileName(),
                logs.size(),
                speed,
                scans,
                processed,
                p50.max(),
                p99.max(),
                max.max(),
                drainSeconds,
                keepsUp ? "yes" : "no",
                done.size(),
                last == null ? 0 : last.stateBytes() / 1e6,
                incrementalMedian / 1e6,
                incrementalMax / 1e6,
                durations.length == 0 ? 0 : durations[durations.length / 2],
                durations.length == 0 ? 0 : durations[durations.length - 1],
                wallSeconds,
                cpuSeconds,
                load);
        return processed >= scans ? 0 : 1;
    }

    private interface RestCall<T> {
        T call() throws Exception;
    }

    /**
     * A REST call that may time out on a loaded machine: the fallback then (the next poll asks
     * again).
     */
    private static <T> T polled(RestCall<T> call, T fallback) throws Exception {
        return polled(call, fallback, 1);
    }

    /** As {@link #polled(RestCall, Object)}, trying up to {@code attempts} times. */
    private static <T> T polled(RestCall<T> call, T fallback, int attempts) throws Exception {
        for (int i = 1; ; i++) {
            try {
                return call.call();
            } catch (java.net.http.HttpTimeoutException e) {
                if (i >= attempts) {
                    if (fallback == null) {
                        throw e;
                    }
                    return fallback;
                }
            }
        }
    }

    private static void collect(
            List<FlinkRest.CheckpointRecord> history, Map<Long, FlinkRest.CheckpointRecord> into) {
        for (FlinkRest.CheckpointRecord c : history) {
            into.put(c.id(), c);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "," + f[1] + "," + f[2];
        } catch (IOException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
