package io.edgeflow.jobs.cli;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.replay.Replayer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.jobs.bench.LoadAverage;
import io.edgeflow.jobs.bench.ProcessCpuTime;
import io.edgeflow.jobs.bench.SlamJobBench;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import io.edgeflow.protocol.carmen.CarmenLaser;
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
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
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
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        try (SlamJobBench bench =
                SlamJobBench.start(
                        work,
                        parallelism,
                        SimulateCommand.parseDuration(checkpointInterval),
                        "bench-slam",
                        Duration.ofSeconds(timeoutSeconds))) {
            return run(bench, loading.join(), logFile, parallelism, progress, deadline);
        }
    }

    private int run(
            SlamJobBench bench,
            List<RobotLog> logs,
            Path logFile,
            int parallelism,
            Progress progress,
            long deadline)
            throws Exception {
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

        long cpu0 = ProcessCpuTime.nanos();
        long wall0 = System.nanoTime();
        CompletableFuture<Replayer.Result> replay =
                CompletableFuture.supplyAsync(
                        () -> {
                            try (FrameProducer producer =
                                    new FrameProducer(bench.bootstrapServers(), Topics.FRAMES)) {
                                return ReplayCommand.replay(logs, producer, speed, progress);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        });
        while (!replay.isDone() && System.nanoTime() < deadline) {
            bench.collectCheckpoints();
            Thread.sleep(1000);
        }
        Replayer.Result replayed = replay.join();
        long replayEnd = System.nanoTime();
        long processed = bench.awaitProcessed(scans, deadline);
        double drainSeconds = (System.nanoTime() - replayEnd) / 1e9;
        bench.awaitNextCheckpoint(deadline);
        double cpuSeconds = (ProcessCpuTime.nanos() - cpu0) / 1e9;
        double wallSeconds = (System.nanoTime() - wall0) / 1e9;
        SlamJobBench.Figures f = bench.figures();
        boolean keepsUp =
                processed >= scans
                        && drainSeconds <= drainLimitSeconds
                        && f.latencyP99Millis() < 1000;
        String load = LoadAverage.now();

        System.out.println();
        System.out.printf(
                "replay             %d frames in %.1f s (%.0f s of log per robot / %.0f×)%n",
                replayed.frames(), replayed.wallSeconds(), replayed.logSeconds(), speed);
        System.out.printf(
                "scans processed    %d/%d, last pose %.1f s after the last frame was sent%n",
                processed, scans, drainSeconds);
        System.out.printf(
                "scan→pose latency  p50 %.0f ms, p99 %.0f ms, max %.0f ms (worst SLAM subtask)%n",
                f.latencyP50Millis(), f.latencyP99Millis(), f.latencyMaxMillis());
        System.out.printf(
                "SLAM per scan      p50 %.1f ms, p99 %.1f ms (operator processing time)%n",
                f.workP50Millis(), f.workP99Millis());
        System.out.printf(
                "checkpoints        %d completed; full state %.2f MB at the end, incremental"
                        + " max %.2f MB; duration p50 %d ms, max %d ms%n",
                f.checkpoints().size(),
                f.stateBytes() / 1e6,
                f.incrementalMaxBytes() / 1e6,
                f.checkpointDurationP50Millis(),
                f.checkpointDurationMaxMillis());
        System.out.printf(
                "process            wall %.1f s, CPU %.1f s (broker, Flink and replayer), load %s%n",
                wallSeconds, cpuSeconds, load);
        System.out.printf(
                Locale.ROOT,
                "RESULT log=%s robots=%d speed=%.0f scans=%d processed=%d latency_p50_ms=%.0f"
                        + " latency_p99_ms=%.0f latency_max_ms=%.0f drain_s=%.1f keeps_up=%s"
                        + " checkpoints=%d state_mb=%.2f incremental_max_mb=%.2f"
                        + " checkpoint_p50_ms=%d checkpoint_max_ms=%d wall_s=%.1f cpu_s=%.1f load=%s%n",
                logFile.getFileName(),
                logs.size(),
                speed,
                scans,
                processed,
                f.latencyP50Millis(),
                f.latencyP99Millis(),
                f.latencyMaxMillis(),
                drainSeconds,
                keepsUp ? "yes" : "no",
                f.checkpoints().size(),
                f.stateBytes() / 1e6,
                f.incrementalMaxBytes() / 1e6,
                f.checkpointDurationP50Millis(),
                f.checkpointDurationMaxMillis(),
                wallSeconds,
                cpuSeconds,
                load);
        return processed >= scans ? 0 : 1;
    }
}
