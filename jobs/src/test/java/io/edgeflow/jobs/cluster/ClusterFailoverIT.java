package io.edgeflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.replay.LogSplitter;
import io.edgeflow.agent.replay.Replayer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.jobs.FrameIngestJob;
import io.edgeflow.jobs.runtime.FlinkRest;
import io.edgeflow.jobs.runtime.OutputReader;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.Topics;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenRecord;
import io.edgeflow.slam.render.MapRenderer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover under fire, on the local multi-process cluster (JobManager, TaskManagers and the Kafka
 * broker as separate JVMs; the job jar submitted through REST): the SLAM job runs on three replayed
 * robots (segments of the Intel, ACES and FR079 logs) while one TaskManager is killed with SIGKILL
 * and, later, the job is stopped with a savepoint and resumed at another parallelism. The committed
 * poses (read_committed) must hold every scan's pose exactly once, equal to an uninterrupted run of
 * the SLAM engine on the same scans, and so must the maps built from them, cell by cell. Also
 * checks the job's named operators and edgeflow metrics through REST, the dashboard's metrics
 * against a live scrape of Flink's Prometheus reporters, and writes a headless-Chromium screenshot
 * of the job's web UI page. Figures go to target/cluster-it/failover-figures.txt.
 */
class ClusterFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverIT.class);

    /** One robot per log: its first records (about half of them laser scans). */
    static final List<String> LOGS = List.of("intel", "aces", "fr079");

    static final int RECORDS_PER_ROBOT = 700;
    static final Duration STREAM_DURATION = Duration.ofSeconds(50);
    static final String GROUP = "edgeflow-failover-it";
    static final String SLAM_OPERATOR = "Local SLAM (scan matching, submaps)";
    static final List<String> LOOPBACK = List.of("127.0.0.1");

    @Test
    void slamSurvivesAKilledTaskManagerAndARescaledSavepointWithTheUninterruptedMap()
            throws Exception {
        long started = System.nanoTime();
        long cpuStarted = ProcessCpu.descendantsAndSelfNanos();
        Path work = ProjectHome.locate().resolve("jobs/target/cluster-it");
        deleteTree(work);
        Files.createDirectories(work);
        List<RobotLog> robots = replayedRobots();
        Map<Integer, UninterruptedSlam> reference = new LinkedHashMap<>();
        for (RobotLog r : robots) {
            reference.put(NodeId.of(r.robotName()), UninterruptedSlam.of(r));
        }
        long expectedPoses = reference.values().stream().mapToLong(u -> u.poses().size()).sum();
        long totalFrames = robots.stream().mapToLong(r -> r.records().size()).sum();
        FailoverFigures figures = new FailoverFigures(totalFrames, expectedPoses);

        ClusterState cluster =
                LocalFlinkCluster.up(
                        new LocalFlinkCluster.Options(
                                work, 2, 0, 0, false, FAST_FAILOVER, List.of()),
                        LOG::info);
        try {
            FlinkSessionRest flink = new FlinkSessionRest(cluster.restUrl());
            FlinkRest metrics = new FlinkRest(cluster.restUrl());
            JobCatalog.JobSpec slam = JobCatalog.named("slam");
            String jobId = submitAndAwaitRunning(flink, cluster, slam, GROUP, 2, null);
            figures.operators = assertNamedOperatorsWithEdgeflowMetrics(flink, jobId);

            // Half the frames at most before the kill, a quarter at least after the rescale.
            GatedFrameSink.Gate untilKilled = new GatedFrameSink.Gate(totalFrames / 2);
            GatedFrameSink.Gate untilRescaled = new GatedFrameSink.Gate(totalFrames * 3 / 4);
            CompletableFuture<Replayer.Result> stream =
                    replayInBackground(
                            robots,
                            cluster.bootstrapServers(),
                            STREAM_DURATION,
                            List.of(untilKilled, untilRescaled));
            try (OutputReader out = new OutputReader(cluster.bootstrapServers())) {
                // Output committed means a checkpoint completed; then let the stream run a little.
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() > expectedPoses / 6,
                                        Duration.ofMinutes(2),
                                        () -> {}))
                        .as("first committed output")
                        .isTrue();

                // While frames flow: the dashboard's and alerts' metrics against a live scrape.
                // Operators register some metrics on their first records: give them a moment.
                await(
                        () -> DashboardMetrics.missing(slam, LOOPBACK).isEmpty(),
                        Duration.ofSeconds(60),
                        "all dashboard metrics exported");
                figures.dashboardMetricsChecked =
                        DashboardMetrics.assertAllExported(slam, LOOPBACK);

                // kill -9 a TaskManager that runs SLAM subtasks, mid-stream.
                ClusterProcess victim = taskManagerRunning(flink, cluster, jobId, SLAM_OPERATOR);
                long restartsBefore = restarts(flink, jobId);
                drain(out);
                figures.committedAtKill = out.poses().size();
                long killedAt = System.nanoTime();
                victim.kill();
                untilKilled.release();
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
                drain(out);
                figures.committedAfterRecovery = out.poses().size();

                // Stop with a savepoint mid-stream and resume at parallelism 3.
                long stopAt = System.nanoTime();
                String savepoint = flink.savepoint(jobId, null, true, Duration.ofMinutes(3));
                figures.savepointMillis = (System.nanoTime() - stopAt) / 1_000_000;
                drain(out);
                figures.committedAtSavepoint = out.poses().size();
                String resumed = submitAndAwaitRunning(flink, cluster, slam, GROUP, 3, savepoint);
                figures.rescaleMillis = (System.nanoTime() - stopAt) / 1_000_000;
                untilRescaled.release();
                figures.streamStillRunningAtRescale = !stream.isDone();
                figures.savepoint = savepoint;
                for (JsonNode v : flink.get("/jobs/" + resumed).path("vertices")) {
                    assertThat(v.path("parallelism").asInt())
                            .as(v.path("name").asText())
                            .isEqualTo(3);
                }

                Replayer.Result replayed = stream.get(5, TimeUnit.MINUTES);
                assertThat(replayed.frames()).isEqualTo(totalFrames);
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() >= expectedPoses,
                                        Duration.ofMinutes(2),
                                        () -> {}))
                        .as("all %d poses committed (have %d)", expectedPoses, out.poses().size())
                        .isTrue();
                // The resumed job in the web UI: named operators at parallelism 3, records counted.
                figures.screenshot =
                        WebUiScreenshot.take(
                                flink.jobPage(resumed),
                                FrameIngestJob.NAME,
                                work.resolve("flink-web-ui-job.png"));
                // A few more checkpoints: nothing more may appear.
                out.pollUntil(() -> false, Duration.ofSeconds(5), () -> {});
                figures.committedFinal = out.poses().size();

                Map<Integer, List<RobotPose>> byRobot = out.posesByRobot();
                assertThat(byRobot.keySet())
                        .containsExactlyInAnyOrderElementsOf(reference.keySet());
                for (var e : reference.entrySet()) {
                    UninterruptedSlam want = e.getValue();
                    List<RobotPose> got = byRobot.get(e.getKey());
                    assertThat(got.stream().map(p -> p.estimate().seq()).sorted().toList())
                            .as(
                                    "committed poses of %s: every scan's pose exactly once",
                                    want.robot())
                            .containsExactlyElementsOf(
                                    want.poses().keySet().stream().sorted().toList());
                    Map<Long, Pose2> committed = new HashMap<>();
                    for (RobotPose p : got) {
                        committed.put(p.estimate().seq(), p.estimate().pose());
                        Pose2 w = want.poses().get(p.estimate().seq());
                        double dxy =
                                Math.hypot(
                                        p.estimate().pose().x() - w.x(),
                                        p.estimate().pose().y() - w.y());
                        double dth =
                                Math.abs(
                                        Pose2.normalizeAngle(
                                                p.estimate().pose().theta() - w.theta()));
                        figures.maxPositionError = Math.max(figures.maxPositionError, dxy);
                        figures.maxHeadingError = Math.max(figures.maxHeadingError, dth);
                    }
                    BufferedImage jobMap = want.map(committed);
                    BufferedImage referenceMap = want.map(want.poses());
                    MapRenderer.write(jobMap, work.resolve("map-" + want.robot() + "-job.png"));
                    MapRenderer.write(
                            referenceMap,
                            work.resolve("map-" + want.robot() + "-uninterrupted.png"));
                    long differing = UninterruptedSlam.differingCells(jobMap, referenceMap);
                    figures.mapCells += (long) jobMap.getWidth() * jobMap.getHeight();
                    figures.differingMapCells += differing;
                    assertThat(differing)
                            .as(
                                    "cells of %s's map that differ from the uninterrupted run's",
                                    want.robot())
                            .isZero();
                }
                assertThat(figures.maxPositionError).as("position error, m").isLessThan(1e-6);
                assertThat(figures.maxHeadingError).as("heading error, rad").isLessThan(1e-6);
                assertThat(out.undecodablePoses()).isZero();
                flink.cancel(resumed);
            }
        } finally {
            figures.itWallMillis = (System.nanoTime() - started) / 1_000_000;
            figures.itCpuMillis = (ProcessCpu.descendantsAndSelfNanos() - cpuStarted) / 1_000_000;
            figures.loadAverage = ProcessCpu.loadAverage();
            String report = figures.toString();
            Files.createDirectories(work);
            Files.writeString(work.resolve("failover-figures.txt"), report);
            LOG.info("failover figures:\n{}", report);
            System.out.println(report);
            LocalFlinkCluster.down(cluster);
        }
    }

    /** Submits the job through REST and waits until every task of it is RUNNING. */
    static String submitAndAwaitRunning(
            FlinkSessionRest flink,
            ClusterState cluster,
            JobCatalog.JobSpec job,
            String group,
            int parallelism,
            String savepoint)
            throws Exception {
        String jobId =
                JobSubmission.submit(
                        flink,
                        job,
                        cluster.bootstrapServers(),
                        List.of("--group-id", group),
                        parallelism,
                        savepoint);
        await(
                () -> flink.allTasksRunning(jobId),
                Duration.ofMinutes(2),
                job.name() + " job " + jobId + " running");
        return jobId;
    }

    /** Checkpoints, heartbeats and restarts shortened so that failover fits a CI run. */
    static final Map<String, String> FAST_FAILOVER =
            Map.of(
                    "execution.checkpointing.interval", "2s",
                    "execution.checkpointing.min-pause", "500ms",
                    "heartbeat.interval", "1000",
                    "heartbeat.timeout", "10000",
                    "restart-strategy.exponential-delay.initial-backoff", "500ms",
                    "restart-strategy.exponential-delay.max-backoff", "5s");

    /**
     * What the web UI shows, through the REST API it reads: every operator of the SLAM job under
     * its name, and the SLAM operator's edgeflow metrics. Returns the vertex names.
     */
    static List<String> assertNamedOperatorsWithEdgeflowMetrics(
            FlinkSessionRest flink, String jobId) throws Exception {
        JsonNode job = flink.get("/jobs/" + jobId);
        List<String> names = new ArrayList<>();
        job.path("vertices").forEach(v -> names.add(v.path("name").asText()));
        assertThat(String.join(" | ", names))
                .contains("Kafka frames")
                .contains("Decode and verify frames")
                .contains("Dead letters to Kafka")
                .contains(SLAM_OPERATOR)
                .contains("Poses to Kafka");
        // the web UI's metric fetcher refreshes every few seconds: the operator's metrics appear
        // some time after its task runs
        List<String> wanted =
                List.of("scans", "loopClosures", "submapsFinished", "scanProcessingMicros_p95");
        await(
                () -> {
                    List<String> ids = new ArrayList<>();
                    for (JsonNode v : job.path("vertices")) {
                        if (v.path("name").asText().contains(SLAM_OPERATOR)) {
                            String path =
                                    "/jobs/"
                                            + jobId
                                            + "/vertices/"
                                            + v.path("id").asText()
                                            + "/metrics";
                            flink.get(path).forEach(m -> ids.add(m.path("id").asText()));
                        }
                    }
                    return wanted.stream()
                            .allMatch(
                                    w ->
                                            ids.stream()
                                                    .anyMatch(
                                                            id ->
                                                                    id.endsWith(
                                                                            "edgeflow.slam." + w)));
                },
                Duration.ofSeconds(90),
                "edgeflow.slam metrics " + wanted + " on the SLAM vertex");
        return names;
    }

    /** Reads what is committed so far. */
    static void drain(OutputReader out) {
        out.pollUntil(() -> false, Duration.ofSeconds(1), () -> {});
    }

    /** One robot per log of LOGS: the log's first RECORDS_PER_ROBOT records. */
    static List<RobotLog> replayedRobots() throws Exception {
        List<RobotLog> robots = new ArrayList<>();
        for (String log : LOGS) {
            List<CarmenRecord> records = new ArrayList<>();
            try (CarmenLogReader r =
                    CarmenLogReader.open(ProjectHome.data("laser/" + log + ".clf.bz2"), w -> {})) {
                while (records.size() < RECORDS_PER_ROBOT && r.hasNext()) {
                    records.add(r.next());
                }
            }
            robots.add(LogSplitter.split(records, 1, log + "-").get(0));
        }
        return robots;
    }

    /**
     * Replays the robots at the pace that spreads them over {@code duration}, holding at the gates
     * until the test opens them.
     */
    static CompletableFuture<Replayer.Result> replayInBackground(
            List<RobotLog> robots,
            String bootstrap,
            Duration duration,
            List<GatedFrameSink.Gate> gates) {
        double logSeconds = robots.stream().mapToDouble(RobotLog::duration).max().orElse(1);
        double speed = logSeconds / duration.toSeconds();
        return CompletableFuture.supplyAsync(
                () -> {
                    try (FrameProducer producer = new FrameProducer(bootstrap, Topics.FRAMES)) {
                        return new Replayer(new FrameCodec())
                                .replay(
                                        robots,
                                        new GatedFrameSink(producer, gates),
                                        speed,
                                        n -> {});
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** A TaskManager process hosting at least one subtask of the job's vertex named so. */
    static ClusterProcess taskManagerRunning(
            FlinkSessionRest flink, ClusterState cluster, String jobId, String vertexName)
            throws Exception {
        for (JsonNode v : flink.get("/jobs/" + jobId).path("vertices")) {
            if (!v.path("name").asText().contains(vertexName)) {
                continue;
            }
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
                "no TaskManager of "
                        + cluster.taskManagers()
                        + " runs "
                        + vertexName
                        + " of "
                        + jobId);
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
        final long expectedPoses;
        List<String> operators = List.of();
        long committedAtKill = -1;
        long recoveryMillis = -1;
        boolean streamStillRunningAtRecovery;
        long committedAfterRecovery = -1;
        long checkpointMillis = -1;
        long checkpointBytes = -1;
        long checkpointsCompleted = -1;
        long savepointMillis = -1;
        long committedAtSavepoint = -1;
        long rescaleMillis = -1;
        boolean streamStillRunningAtRescale;
        String savepoint;
        long committedFinal = -1;
        double maxPositionError;
        double maxHeadingError;
        long mapCells;
        long differingMapCells;
        int dashboardMetricsChecked;
        Path screenshot;
        long itWallMillis = -1;
        long itCpuMillis = -1;
        String loadAverage;

        FailoverFigures(long framesReplayed, long expectedPoses) {
            this.framesReplayed = framesReplayed;
            this.expectedPoses = expectedPoses;
        }

        @Override
        public String toString() {
            List<String> l = new ArrayList<>();
            l.add(row("robots", LOGS.size() + " (" + String.join(", ", LOGS) + ")"));
            l.add(row("frames replayed", framesReplayed));
            l.add(row("scan poses expected", expectedPoses));
            l.add(row("operators", String.join(" | ", operators)));
            l.add(row("committed poses at kill -9", committedAtKill));
            l.add(
                    row(
                            "recovery (kill -> all RUNNING)",
                            recoveryMillis
                                    + " ms, stream still running: "
                                    + streamStillRunningAtRecovery));
            l.add(row("committed poses after recovery", committedAfterRecovery));
            l.add(
                    row(
                            "checkpoint after restore",
                            checkpointMillis
                                    + " ms, "
                                    + checkpointBytes
                                    + " bytes ("
                                    + checkpointsCompleted
                                    + " completed)"));
            l.add(row("stop-with-savepoint", savepointMillis + " ms"));
            l.add(row("committed poses at savepoint", committedAtSavepoint));
            l.add(
                    row(
                            "stop -> running at p=3",
                            rescaleMillis
                                    + " ms, stream still running: "
                                    + streamStillRunningAtRescale));
            l.add(row("savepoint", savepoint));
            l.add(row("committed poses at the end", committedFinal));
            l.add(
                    row(
                            "vs uninterrupted run",
                            String.format(
                                    "max position error %.3g m, heading %.3g rad; %d of %d map cells differ",
                                    maxPositionError,
                                    maxHeadingError,
                                    differingMapCells,
                                    mapCells)));
            l.add(row("dashboard metrics in scrape", dashboardMetricsChecked));
            l.add(row("web UI screenshot", screenshot));
            l.add(
                    row(
                            "IT run time",
                            itWallMillis
                                    + " ms wall, "
                                    + itCpuMillis
                                    + " ms CPU (test JVM + cluster), load average "
                                    + loadAverage));
            return String.join("\n", l) + "\n";
        }

        static String row(String name, Object value) {
            return String.format("%-32s %s", name, value);
        }
    }
}
