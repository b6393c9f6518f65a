package io.edgeflow.jobs.bench;

import io.edgeflow.jobs.FrameIngestJob;
import io.edgeflow.jobs.runtime.FlinkRest;
import io.edgeflow.jobs.runtime.LocalRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The SLAM job the demo runs (frame ingest with local SLAM), on the embedded runtime (KRaft broker
 * and MiniCluster in this process), for benchmarks that feed it their own load: the job's own
 * scan→pose latency histogram and per-scan work, how many scans it has processed, and its
 * checkpoints (incremental RocksDB).
 */
public final class SlamJobBench implements AutoCloseable {
    private static final String METRICS = "edgeflow.slam.";

    /**
     * The job's figures: scan→pose latency from the frame's Kafka timestamp to the pose leaving the
     * SLAM operator (worst subtask), SLAM processing per scan, and the completed checkpoints.
     */
    public record Figures(
            double latencyP50Millis,
            double latencyP99Millis,
            double latencyMaxMillis,
            double workP50Millis,
            double workP99Millis,
            List<FlinkRest.CheckpointRecord> checkpoints) {

        /** Full state size at the last completed checkpoint, bytes. */
        public long stateBytes() {
            return checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).stateBytes();
        }

        /** The largest incremental checkpoint, bytes. */
        public long incrementalMaxBytes() {
            return checkpoints.stream()
                    .mapToLong(FlinkRest.CheckpointRecord::checkpointedBytes)
                    .max()
                    .orElse(0);
        }

        public long checkpointDurationP50Millis() {
            long[] d = durations();
            return d.length == 0 ? 0 : d[d.length / 2];
        }

        public long checkpointDurationMaxMillis() {
            long[] d = durations();
            return d.length == 0 ? 0 : d[d.length - 1];
        }

        private long[] durations() {
            return checkpoints.stream()
                    .mapToLong(FlinkRest.CheckpointRecord::durationMillis)
                    .sorted()
                    .toArray();
        }
    }

    private final LocalRuntime runtime;
    private final JobClient job;
    private final FlinkRest rest;
    private final String jobId;
    private final Duration checkpointInterval;
    private final TreeMap<Long, FlinkRest.CheckpointRecord> checkpoints = new TreeMap<>();

    private SlamJobBench(
            LocalRuntime runtime, JobClient job, FlinkRest rest, Duration checkpointInterval) {
        this.runtime = runtime;
        this.job = job;
        this.rest = rest;
        this.jobId = job.getJobID().toHexString();
        this.checkpointInterval = checkpointInterval;
    }

    /** Starts broker, MiniCluster and the job in {@code work}; returns once the job runs. */
    public static SlamJobBench start(
            Path work, int parallelism, Duration checkpointInterval, String name, Duration timeout)
            throws Exception {
        LocalRuntime runtime =
                LocalRuntime.start(
                        new LocalRuntime.Options(work, 0, 0, parallelism, checkpointInterval));
        SlamJobBench bench = null;
        try {
            StreamExecutionEnvironment env = runtime.newEnvironment();
            FrameIngestJob.forKafka(
                            runtime.bootstrapServers(),
                            "edgeflow-" + name,
                            FrameIngestJob.Settings.defaults())
                    .build(env);
            JobClient job = env.executeAsync("edgeflow " + name);
            bench =
                    new SlamJobBench(
                            runtime, job, new FlinkRest(runtime.webUiUrl()), checkpointInterval);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!bench.rest.running(bench.jobId)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("job did not start within " + timeout);
                }
                Thread.sleep(200);
            }
            return bench;
        } catch (Exception | Error e) {
            if (bench != null) {
                bench.close();
            } else {
                runtime.close();
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return runtime.bootstrapServers();
    }

    /** Records the checkpoints Flink currently lists (its history holds only the latest few). */
    public void collectCheckpoints() throws Exception {
        for (FlinkRest.CheckpointRecord c : rest.checkpointHistory(jobId)) {
            checkpoints.put(c.id(), c);
        }
    }

    /** Scans the SLAM operator has taken or rejected (Flink refreshes metrics every ≈ 2 s). */
    public long processedScans() throws Exception {
        return rest.sumOperatorMetric(jobId, METRICS + "scans")
                + rest.sumOperatorMetric(jobId, METRICS + "rejectedScans");
    }

    /** Frames the decode operator has accepted (all kinds). */
    public long framesDecoded() throws Exception {
        return rest.sumOperatorMetric(jobId, "edgeflow.framesDecoded");
    }

    /** Polls until {@code scans} are processed or the deadline passes; returns the count. */
    public long awaitProcessed(long scans, long deadlineNanos) throws Exception {
        long processed = processedScans();
        while (processed < scans && System.nanoTime() < deadlineNanos) {
            collectCheckpoints();
            Thread.sleep(250);
            processed = processedScans();
        }
        return processed;
    }

    /**
     * Waits for a checkpoint triggered after this call to complete (it holds the final state), up
     * to three intervals plus a minute, or the deadline.
     */
    public void awaitNextCheckpoint(long deadlineNanos) throws Exception {
        collectCheckpoints();
        long lastId = checkpoints.isEmpty() ? 0 : checkpoints.lastKey();
        long until =
                Math.min(
                        deadlineNanos,
                        System.nanoTime() + 3 * checkpointInterval.toNanos() + 60_000_000_000L);
        while (System.nanoTime() < until
                && checkpoints.values().stream()
                        .noneMatch(c -> c.id() > lastId && c.status().equals("COMPLETED"))) {
            collectCheckpoints();
            Thread.sleep(1000);
        }
    }

    public Figures figures() throws Exception {
        collectCheckpoints();
        return new Figures(
                rest.operatorMetric(jobId, METRICS + "scanToPoseLatencyMillis_median").max(),
                rest.operatorMetric(jobId, METRICS + "scanToPoseLatencyMillis_p99").max(),
                rest.operatorMetric(jobId, METRICS + "scanToPoseLatencyMillis_max").max(),
                rest.operatorMetric(jobId, METRICS + "scanProcessingMicros_median").max() / 1000,
                rest.operatorMetric(jobId, METRICS + "scanProcessingMicros_p99").max() / 1000,
                checkpoints.values().stream().filter(c -> c.status().equals("COMPLETED")).toList());
    }

    @Override
    public void close() throws Exception {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } finally {
            runtime.close();
        }
    }
}
