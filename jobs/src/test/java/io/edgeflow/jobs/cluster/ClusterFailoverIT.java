package io.edgeflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.replay.LogSplitter;
import io.edgeflow.agent.replay.Replayer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.jobs.runtime.FlinkRest;
import io.edgeflow.jobs.runtime.OutputReader;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover under fire, on the local multi-process cluster (JobManager, TaskManagers and the Kafka
 * broker as separate JVMs; the job jar submitted through REST): replayed robots stream into Kafka
 * while one TaskManager is killed with SIGKILL and, later, the job is stopped with a savepoint and
 * resumed at another parallelism. Every robot's committed poses (read_committed) must hold each
 * frame sequence number exactly once. Also checks the dashboard's metrics against a live scrape of
 * Flink's Prometheus reporters and writes a headless-Chromium screenshot of the job's web UI page.
 * Figures go to target/cluster-it/failover-figures.txt.
 */
class ClusterFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverIT.class);

    static final int ROBOTS = 4;
    static final int LOG_RECORDS = 8000;
    static final Duration STREAM_DURATION = Duration.ofSeconds(60);
    static final String GROUP = "edgeflow-failover-it";

    @Test
    void killedTaskManagerAndRescaledSavepointRestoreLoseAndDuplicateNoPose() throws Exception {
        Path work = ProjectHome.locate().resolve("jobs/target/cluster-it");
        deleteTree(work);
        List<RobotLog> robots = replayedRobots();
        long totalFrames = robots.stream().mapToLong(r -> r.records().size()).sum();
        FailoverFigures figures = new FailoverFigures(totalFrames);

        ClusterState cluster =
                LocalFlinkCluster.up(
                        new LocalFlinkCluster.Options(
                                work,
                                2,
                                0,
                                0,
                                false,
                                Map.of(
                                        "execution.checkpointing.interval", "2s",
                                        "execution.checkpointing.min-pause", "500ms",
                                        "heartbeat.interval", "1000",
                                        "heartbeat.timeout", "10000",
                                        "restart-strategy.exponential-delay.initial-backoff",
                                                "500ms",
                                        "restart-strategy.exponential-delay.max-backoff", "5s")),
                        LOG::info);
        try {
            FlinkSessionRest flink = new FlinkSessionRest(cluster.restUrl());
            FlinkRest metrics = new FlinkRest(cluster.restUrl());
            JobCatalog.JobSpec ingest = JobCatalog.named("ingest");
            String jobId =
                    JobSubmission.submit(
                            flink,
                            ingest,
                            cluster.bootstrapServers(),
                            List.of("--group-id", GROUP),
                            2,
                            null);
            await(() -> flink.allTasksRunning(jobId), Duration.ofMinutes(2), "job running");

            CompletableFuture<Replayer.Result> stream =
                    replayInBackground(robots, cluster.bootstrapServers());
            try (OutputReader out = new OutputReader(cluster.bootstrapServers())) {
                // Output committed means a checkpoint completed; then let the stream run a little.
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() > totalFrames / 10,
                                        Duration.ofMinutes(2),
                                        () -> {}))
                        .as("first committed output")
                        .isTrue();

                // While frames flow: the dashboard's and alerts' metrics against a live scrape.
                // Operators register some metrics on their first records: give them a moment.
                await(
                        () -> DashboardMetrics.missing().isEmpty(),
                        Duration.ofSeconds(60),
                        "all dashboard metrics exported");
                figures.dashboardMetricsChecked = DashboardMetrics.assertAllExported();

                // kill -9 a TaskManager that runs subtasks of the job, mid-stream.
                ClusterProcess victim = taskManagerRunning(flink, cluster, jobId);
                long restartsBefore = restarts(flink, jobId);
                drain(out);
                figures.committedAtKill = out.poses().size();
                long killedAt = System.nanoTime();
                victim.kill();
                LOG.info("killed {} (pid {}) with SIGKILL", victim.role(), victim.pid());
                ClusterProcess replacement =
                        LocalFlinkCluster.startTaskManager(cluster, "taskmanager-3");
                cluster = cluster.with(replacement);
                await(
                        () ->
                                restarts(flink, jobId) > restartsBefore
                                        && flink.allTasksRunning(jobId),
                        Duration.ofMinutes(2),
                        "job restored after the kill");
                figures.recoveryMillis = (System.nanoTime() - killedAt) / 1_000_000;
                figures.streamStillRunningAtRecovery = !stream.isDone();

                // A checkpoint completed after the restore, for its figures. (The replacement
                // TaskManager may still be starting: the rescaled job below waits for its slots.)
                long completedAtRecovery = metrics.checkpoints(jobId).completed();
                await(
                        () -> metrics.checkpoints(jobId).completed() > completedAtRecovery,
                        Duration.ofMinutes(2),
                        "checkpoints after restore");
                FlinkRest.CheckpointStats checkpoints = metrics.checkpoints(jobId);
                figures.checkpointMillis = checkpoints.latestDurationMillis();
                figures.checkpointBytes = checkpoints.latestSizeBytes();
                figures.checkpointsCompleted = checkpoints.completed();

                // Stop with a savepoint mid-stream and resume at parallelism 3.
                drain(out);
                figures.committedAtSavepoint = out.poses().size();
                long stopAt = System.nanoTime();
                String savepoint = flink.savepoint(jobId, null, true, Duration.ofMinutes(3));
                String resumed =
                        JobSubmission.submit(
                                flink,
                                ingest,
                                cluster.bootstrapServers(),
                                List.of("--group-id", GROUP),
                                3,
                                savepoint);
                await(
                        () -> flink.allTasksRunning(resumed),
                        Duration.ofMinutes(2),
                        "job resumed from savepoint");
                figures.rescaleMillis = (System.nanoTime() - stopAt) / 1_000_000;
                figures.streamStillRunningAtRescale = !stream.isDone();
                figures.savepoint = savepoint;
                for (JsonNode v : flink.get("/jobs/" + resumed).path("vertices")) {
                    assertThat(v.path("parallelism").asInt())
                            .as(v.path("name").asText())
                            .isEqualTo(3);
                }

                // The resumed job in the web UI: named operators at parallelism 3.
                figures.screenshot =
                        WebUiScreenshot.take(
                                flink.jobPage(resumed), work.resolve("flink-web-ui-job.png"));

                Replayer.Result replayed = stream.get();
                assertThat(replayed.frames()).isEqualTo(totalFrames);
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() >= totalFrames,
                                        Duration.ofMinutes(2),
                                        () -> {}))
                        .as("all %d poses committed (have %d)", totalFrames, out.poses().size())
                        .isTrue();
                // A few more checkpoints: nothing more may appear.
                out.pollUntil(() -> false, Duration.ofSeconds(5), () -> {});
                figures.committedFinal = out.poses().size();

                for (RobotLog robot : robots) {
                    List<Long> seqs =
                            out
                                    .posesByRobot()
                                    .getOrDefault(NodeId.of(robot.robotName()), List.of())
                                    .stream()
                                    .map(p -> p.estimate().seq())
                                    .sorted()
                                    .toList();
                    assertThat(seqs)
                            .as(
                                    "committed poses of %s: every frame's seq exactly once",
                                    robot.robotName())
                            .containsExactlyElementsOf(
                                    LongStream.range(0, robot.records().size()).boxed().toList());
                }
                assertThat(out.undecodablePoses()).isZero();
                flink.cancel(resumed);
            }
        } finally {
            String report = figures.toString();
            Files.createDirectories(work);
            Files.writeString(work.resolve("failover-figures.txt"), report);
            LOG.info("failover figures:\n{}", report);
            System.out.println(report);
            LocalFlinkCluster.down(cluster);
        }
    }

    /** Reads what is committed so far. */
    static void drain(OutputReader out) {
        out.pollUntil(() -> false, Duration.ofSeconds(1), () -> {});
    }

    /** The first LOG_RECORDS records of the Intel Research Lab log, split into ROBOTS robots. */
    static List<RobotLog> replayedRobots() throws Exception {
        List<CarmenRecord> records =
                CarmenLogReader.readAll(ProjectHome.data("laser/intel.clf.bz2"), w -> {});
        return LogSplitter.split(
                records.subList(0, Math.min(LOG_RECORDS, records.size())), ROBOTS, "robot-");
    }

    /** Replays the robots at the pace that spreads them over STREAM_DURATION. */
    static CompletableFuture<Replayer.Result> replayInBackground(
            List<RobotLog> robots, String bootstrap) {
        double logSeconds = robots.stream().mapToDouble(RobotLog::duration).max().orElse(1);
        double speed = logSeconds / STREAM_DURATION.toSeconds();
        return CompletableFuture.supplyAsync(
                () -> {
                    try (FrameProducer producer = new FrameProducer(bootstrap, Topics.FRAMES)) {
                        return new Replayer(new FrameCodec())
                                .replay(robots, producer, speed, n -> {});
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** A TaskManager process hosting at least one subtask of the job. */
    static ClusterProcess taskManagerRunning(
            FlinkSessionRest flink, ClusterState cluster, String jobId) throws Exception {
        for (JsonNode v : flink.get("/jobs/" + jobId).path("vertices")) {
            for (JsonNode tm :
                    flink.get(
                                    "/jobs/"
                                            + jobId
                                            + "/vertices/"
                                            + v.path("id").asText()
                                            + "/taskmanagers")
                            .path("taskmanagers")) {
                String id = tm.path("taskmanager-id").asText();
                for (ClusterProcess p : cluster.taskManagers()) {
                    if (p.role().equals(id)) {
                        return p;
                    }
                }
            }
        }
        throw new AssertionError(
                "no TaskManager of " + cluster.taskManagers() + " runs job " + jobId);
    }

    static long restarts(FlinkSessionRest flink, String jobId) throws Exception {
        for (JsonNode m : flink.get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return (long) m.path("value").asDouble();
        }
        return 0;
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void await(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (java.io.IOException e) {
                // REST answers 404/503 while a job restarts: keep polling.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + timeout);
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** What the closing note reports. Timings are reported, never asserted. */
    static final class FailoverFigures {
        final long framesReplayed;
        long committedAtKill = -1;
        long recoveryMillis = -1;
        boolean streamStillRunningAtRecovery;
        long checkpointMillis = -1;
        long checkpointBytes = -1;
        long checkpointsCompleted = -1;
        long committedAtSavepoint = -1;
        long rescaleMillis = -1;
        boolean streamStillRunningAtRescale;
        String savepoint;
        long committedFinal = -1;
        int dashboardMetricsChecked;
        Path screenshot;

        FailoverFigures(long framesReplayed) {
            this.framesReplayed = framesReplayed;
        }

        @Override
        public String toString() {
            List<String> l = new ArrayList<>();
            l.add("frames replayed (" + ROBOTS + " robots)      " + framesReplayed);
            l.add("committed poses at kill -9           " + committedAtKill);
            l.add(
                    "recovery (kill -> all tasks RUNNING)  "
                            + recoveryMillis
                            + " ms, stream still running: "
                            + streamStillRunningAtRecovery);
            l.add(
                    "latest checkpoint after restore       "
                            + checkpointMillis
                            + " ms, "
                            + checkpointBytes
                            + " bytes ("
                            + checkpointsCompleted
                            + " completed)");
            l.add("committed poses at stop-with-savepoint " + committedAtSavepoint);
            l.add(
                    "stop-with-savepoint -> running at p=3 "
                            + rescaleMillis
                            + " ms, stream still running: "
                            + streamStillRunningAtRescale);
            l.add("savepoint                             " + savepoint);
            l.add("committed poses at the end            " + committedFinal);
            l.add("dashboard metrics found in live scrape " + dashboardMetricsChecked);
            l.add("web UI screenshot                     " + screenshot);
            return String.join("\n", l) + "\n";
        }
    }
}
