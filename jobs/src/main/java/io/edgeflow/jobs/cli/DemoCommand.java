package io.edgeflow.jobs.cli;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.replay.Replayer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.jobs.FrameIngestJob;
import io.edgeflow.jobs.demo.CorruptFrames;
import io.edgeflow.jobs.demo.CorruptFrames.CorruptFrame;
import io.edgeflow.jobs.demo.InferenceDemo;
import io.edgeflow.jobs.demo.TrajectoryPlot;
import io.edgeflow.jobs.runtime.FlinkRest;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.jobs.runtime.MapOutputReader;
import io.edgeflow.jobs.runtime.OutputReader;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.protocol.Topics;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.collab.MergedMapImage;
import io.edgeflow.slam.render.MapRenderer;
import io.edgeflow.slam.render.PosedScansMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the main job on the embedded default and feed it a real laser log.",
            "Starts a KRaft Kafka broker and a Flink MiniCluster (web UI) in this process, submits"
                    + " the frame ingest job, replays the log as N robots, sends one corrupt frame"
                    + " of each kind to show the dead-letter queue, waits for the committed output,"
                    + " prints a summary and writes artefacts. Ctrl-C stops cleanly."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--log",
            paramLabel = "FILE",
            description = "CARMEN log to replay (default: data/laser/intel.clf.bz2).")
    Path log;

    @Option(
            names = "--robots",
            defaultValue = "4",
            paramLabel = "N",
            description = "Robots to split the log into (default: ${DEFAULT-VALUE}).")
    int robots;

    @Option(
            names = "--speed",
            defaultValue = "0",
            paramLabel = "X",
            description =
                    "Replay speed, times real time; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(
            names = "--out",
            defaultValue = "out/demo",
            paramLabel = "DIR",
            description =
                    "Where to write artefacts and the runtime's work dir (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8081",
            paramLabel = "PORT",
            description =
                    "Flink web UI port; a free one is used if taken (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            paramLabel = "PORT",
            description =
                    "Kafka port on 127.0.0.1; a free one is used if taken (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "2s",
            paramLabel = "DURATION",
            description =
                    "Checkpoint interval; poses become visible to read_committed consumers"
                            + " when a checkpoint commits (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--no-faults", description = "Do not send the corrupt frames.")
    boolean noFaults;

    @Option(
            names = "--estimator",
            defaultValue = "LOCAL_SLAM",
            paramLabel = "NAME",
            description =
                    "How the job estimates poses: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FrameIngestJob.Estimator estimator;

    @Option(
            names = "--inference-frames",
            defaultValue = "2",
            paramLabel = "N",
            description =
                    "Camera frames per robot for the inference part (label reading with PP-OCRv4);"
                            + " 0 skips it (default: ${DEFAULT-VALUE}).")
    int inferenceFrames;

    @Option(
            names = "--keep-running",
            description = "Keep the broker, job and web UI running after the summary until Ctrl-C.")
    boolean keepRunning;

    @Option(
            names = "--timeout",
            defaultValue = "300",
            paramLabel = "SECONDS",
            description =
                    "Give up waiting for the job's output after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Path logFile = log != null ? log : ProjectHome.data("laser/intel.clf.bz2");
        Path work = out.resolve("work");
        deleteRecursively(work);
        Files.createDirectories(out);
        Progress progress = new Progress(System.err);
        System.out.printf("edgeflow demo: %s as %d robots%n", logFile.getFileName(), robots);

        // Decompressing and splitting the log overlaps with starting the runtime.
        CompletableFuture<List<RobotLog>> loading =
                ReplayCommand.splitInBackground(logFile, robots, "robot-");
        progress.update("starting Kafka (KRaft) and Flink ...");
        LocalRuntime runtime =
                LocalRuntime.start(
                        new LocalRuntime.Options(
                                work,
                                kafkaPort,
                                webUiPort,
                                2,
                                Duration.parse("PT" + checkpointInterval.toUpperCase())));
        AtomicBoolean stopped = new AtomicBoolean();
        JobClient[] job = new JobClient[1];
        Thread shutdown =
                new Thread(
                        () -> {
                            if (!stopped.get()) {
                                System.err.println(
                                        "\ninterrupted: cancelling the job, stopping Flink and Kafka ...");
                            }
                            stop(runtime, job[0], stopped);
                        },
                        "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            StreamExecutionEnvironment env = runtime.newEnvironment();
            FrameIngestJob.forKafka(
                            runtime.bootstrapServers(),
                            "edgeflow-demo",
                            FrameIngestJob.Settings.defaults().withEstimator(estimator))
                    .build(env);
            job[0] = env.executeAsync(FrameIngestJob.NAME);
            String jobId = job[0].getJobID().toHexString();
            progress.done(String.format("runtime up in %.1f s", (System.nanoTime() - t0) / 1e9));
            System.out.printf("  Kafka (KRaft)   %s%n", runtime.bootstrapServers());
            System.out.printf("  Flink web UI    %s/#/job/running/%s%n", runtime.webUiUrl(), jobId);

            List<RobotLog> logs = loading.join();
            System.out.printf(
                    "  log             %s, %d records as %d robots%n",
                    logFile, logs.stream().mapToLong(l -> l.records().size()).sum(), logs.size());
            long replayStart = System.nanoTime();
            Replayer.Result replay;
            List<CorruptFrame> corrupt =
                    noFaults
                            ? List.of()
                            : CorruptFrames.oneOfEach(
                                    "faulty-producer", 0, FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES);
            try (FrameProducer producer =
                    new FrameProducer(runtime.bootstrapServers(), Topics.FRAMES)) {
                replay = ReplayCommand.replay(logs, producer, speed, progress);
                for (CorruptFrame c : corrupt) {
                    producer.send("faulty-producer", c.bytes());
                }
                producer.flush();
            }
            long produced = replay.frames() + corrupt.size();
            // Dead reckoning answers every frame (all carry odometry); SLAM answers every scan.
            long expectedPoses =
                    estimator == FrameIngestJob.Estimator.DEAD_RECKONING
                            ? replay.frames()
                            : logs.stream()
                                    .flatMap(l -> l.records().stream())
                                    .filter(r -> r instanceof CarmenLaser)
                                    .count();

            FlinkRest rest = new FlinkRest(runtime.webUiUrl());
            boolean globalMapping = estimator == FrameIngestJob.Estimator.LOCAL_SLAM;
            try (OutputReader reader = new OutputReader(runtime.bootstrapServers());
                    MapOutputReader map =
                            globalMapping
                                    ? new MapOutputReader(runtime.bootstrapServers())
                                    : null) {
                boolean complete =
                        reader.pollUntil(
                                () ->
                                        reader.poses().size() >= expectedPoses
                                                && reader.deadLetters().size() >= corrupt.size(),
                                Duration.ofSeconds(timeoutSeconds),
                                () -> {
                                    if (map != null) {
                                        map.poll(Duration.ZERO);
                                    }
                                    progress.update(
                                            String.format(
                                                    "waiting for committed output %s poses %d/%d, dead letters %d/%d",
                                                    Progress.bar(
                                                            reader.poses().size(),
                                                            expectedPoses,
                                                            30),
                                                    reader.poses().size(),
                                                    expectedPoses,
                                                    reader.deadLetters().size(),
                                                    corrupt.size()));
                                });
                double pipelineSeconds = (System.nanoTime() - replayStart) / 1e9;
                progress.done(complete ? "all output committed" : "timed out waiting for output");
                // Flink's metric fetcher lags a little behind the job.
                long decoded = 0;
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (System.nanoTime() < deadline) {
                    decoded = rest.sumOperatorMetric(jobId, "edgeflow.framesDecoded");
                    if (decoded + reader.deadLetters().size() >= produced) {
                        break;
                    }
                    Thread.sleep(500);
                }
                FlinkRest.CheckpointStats checkpoints = rest.checkpoints(jobId);
                boolean balanced = produced == decoded + reader.deadLetters().size();
                Map<String, List<Pose2>> trajectories = trajectories(reader.poses(), logs);
                printSummary(
                        replay,
                        corrupt.size(),
                        produced,
                        decoded,
                        reader,
                        trajectories,
                        pipelineSeconds,
                        (System.nanoTime() - t0) / 1e9,
                        checkpoints,
                        balanced);
                writeArtefacts(trajectories, reader, logFile);
                if (estimator == FrameIngestJob.Estimator.LOCAL_SLAM) {
                    writeMaps(logs, reader.poses());
                }
                if (map != null) {
                    globalMapSummary(
                            map,
                            runtime.bootstrapServers(),
                            logs,
                            rest,
                            jobId,
                            replayStart,
                            progress);
                }
                boolean inferenceOk = inferenceFrames == 0 || runInference(runtime, logs);
                if (keepRunning) {
                    System.out.printf(
                            "%nstill running: Flink web UI %s, Kafka %s — Ctrl-C to stop%n",
                            runtime.webUiUrl(), runtime.bootstrapServers());
                    Thread.currentThread().join();
                }
                boolean ok =
                        complete
                                && inferenceOk
                                && balanced
                                && trajectories.values().stream().allMatch(t -> !t.isEmpty())
                                && trajectories.size() == robots;
                return ok ? 0 : 1;
            }
        } finally {
            stop(runtime, job[0], stopped);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running and stops everything.
            }
        }
    }

    /**
     * The robots' cameras: frames with shelf labels through the inference job. True unless some
     * request went unanswered (missing OCR models that cannot be fetched only skip this part).
     */
    private boolean runInference(LocalRuntime runtime, List<RobotLog> logs) throws Exception {
        System.out.println();
        System.out.println("inference (PP-OCRv4 text detection and recognition in the job)");
        Progress progress = new Progress(System.err);
        progress.update("camera frames through the inference job ...");
        long t0 = System.nanoTime();
        Optional<InferenceDemo.Figures> figures =
                InferenceDemo.run(
                        runtime,
                        logs.stream().map(RobotLog::robotName).toList(),
                        inferenceFrames,
                        Duration.ofSeconds(timeoutSeconds),
                        out.resolve("inference.png"),
                        System.out);
        progress.done(String.format("inference part in %.1f s", (System.nanoTime() - t0) / 1e9));
        if (figures.isEmpty()) {
            return true;
        }
        String line = figures.get().line();
        System.out.println(line);
        Files.writeString(
                out.resolve("summary.txt"),
                line + System.lineSeparator(),
                java.nio.file.StandardOpenOption.APPEND);
        return figures.get().answered();
    }

    private static void stop(LocalRuntime runtime, JobClient job, AtomicBoolean stopped) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (job != null) {
            try {
                job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("cancelling the job: " + e.getMessage());
            }
        }
        runtime.close();
    }

    /** Poses by robot name, in sequence order. */
    private static Map<String, List<Pose2>> trajectories(
            List<RobotPose> poses, List<RobotLog> logs) {
        Map<Integer, String> names =
                logs.stream()
                        .collect(
                                Collectors.toMap(
                                        l -> NodeId.of(l.robotName()), RobotLog::robotName));
        Map<String, List<Pose2>> out = new TreeMap<>();
        for (RobotLog l : logs) {
            out.put(l.robotName(), new java.util.ArrayList<>());
        }
        poses.stream()
                .sorted(Comparator.comparingLong(p -> p.estimate().seq()))
                .forEach(
                        p ->
                                out.computeIfAbsent(
                                                names.getOrDefault(
                                                        p.nodeId(), NodeId.hex(p.nodeId())),
                                                k -> new java.util.ArrayList<>())
                                        .add(p.estimate().pose()));
        return out;
    }

    private void printSummary(
            Replayer.Result replay,
            int corrupt,
            long produced,
            long decoded,
            OutputReader reader,
            Map<String, List<Pose2>> trajectories,
            double pipelineSeconds,
            double wallSeconds,
            FlinkRest.CheckpointStats checkpoints,
            boolean balanced) {
        Map<String, Long> byReason =
                reader.deadLetters().stream()
                        .collect(
                                Collectors.groupingBy(
                                        OutputReader.DeadLetterRecord::reason,
                                        TreeMap::new,
                                        Collectors.counting()));
        System.out.println();
        System.out.println("summary");
        System.out.printf(
                "  frames produced      %d (%d replayed + %d deliberately corrupt)%n",
                produced, replay.frames(), corrupt);
        System.out.printf(
                "  frames decoded       %d (job metric edgeflow.framesDecoded)%n", decoded);
        System.out.printf("  frames to DLQ        %d %s%n", reader.deadLetters().size(), byReason);
        System.out.printf("  produced = decoded + DLQ: %s%n", balanced ? "yes" : "NO");
        Map<String, Integer> counts = new LinkedHashMap<>();
        trajectories.forEach((k, v) -> counts.put(k, v.size()));
        System.out.printf("  poses out            %d %s%n", reader.poses().size(), counts);
        System.out.printf(
                "  replay               %.0f frames/s (%.1f MB, %.0f s of log per robot)%n",
                replay.framesPerSecond(), replay.bytes() / 1e6, replay.logSeconds());
        System.out.printf(
                "  replay -> job -> committed poses  %.1f s, %.0f frames/s end to end%n",
                pipelineSeconds, produced / pipelineSeconds);
        System.out.printf(
                "  checkpoints          %d completed, latest %.1f KB in %d ms%n",
                checkpoints.completed(),
                checkpoints.latestSizeBytes() / 1024.0,
                checkpoints.latestDurationMillis());
        System.out.printf("  wall time            %.1f s%n", wallSeconds);
        System.out.printf("  artefacts            %s%n", out.resolve("summary.txt"));
        summaryLine =
                String.format(
                        "RESULT produced=%d decoded=%d dlq=%d poses=%d robots=%d pipeline_s=%.1f frames_per_s=%.0f wall_s=%.1f",
                        produced,
                        decoded,
                        reader.deadLetters().size(),
                        reader.poses().size(),
                        trajectories.size(),
                        pipelineSeconds,
                        produced / pipelineSeconds,
                        wallSeconds);
        System.out.println(summaryLine);
    }

    private String summaryLine = "";

    /** Whether the global mapper has taken every update local SLAM sent it. */
    private static boolean allApplied(FlinkRest rest, String jobId) throws Exception {
        long sent = rest.sumOperatorMetric(jobId, "edgeflow.slam.robotUpdatesSent");
        long applied = rest.sumOperatorMetric(jobId, "edgeflow.globalMapper.appliedUpdates");
        return sent > 0 && applied >= sent;
    }

    /**
     * What the global mapper made of the robots: when the first robot joined another, the
     * inter-robot closures it verified and kept, the merged map (tiles, and a PNG of every joined
     * robot's scans at their corrected poses).
     */
    private void globalMapSummary(
            MapOutputReader map,
            String bootstrapServers,
            List<RobotLog> logs,
            FlinkRest rest,
            String jobId,
            long replayStart,
            Progress progress)
            throws Exception {
        // The mapper takes a robot's last updates once the watermark passes its last scans, which
        // needs later frames: the robots' heartbeats, as live robots send them. Then wait until
        // it has taken every update and its committed output has been quiet for a while.
        try (Heartbeats beats = Heartbeats.start(bootstrapServers, logs)) {
            long quietSince = System.nanoTime(), records = map.records();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while ((!allApplied(rest, jobId) || System.nanoTime() - quietSince < 10_000_000_000L)
                    && System.nanoTime() < deadline) {
                map.poll(Duration.ofMillis(500));
                if (map.records() != records) {
                    records = map.records();
                    quietSince = System.nanoTime();
                }
                progress.update(
                        String.format(
                                "global map: %d corrected poses, %d tiles ...",
                                map.latestPoses().size(), map.tiles().size()));
            }
        }
        progress.done("global map committed");
        long candidates =
                rest.sumOperatorMetric(jobId, "edgeflow.globalMapper.interRobotCandidates");
        long accepted =
                rest.sumOperatorMetric(jobId, "edgeflow.globalMapper.acceptedInterRobotClosures");
        List<Long> seen = map.firstSeen().values().stream().sorted().toList();
        String firstMerge =
                seen.size() < 2
                        ? "no merge"
                        : String.format(
                                "%.1f s after the replay began", (seen.get(1) - replayStart) / 1e9);
        Map<Character, List<PosedScansMap.PosedScan>> robots = new LinkedHashMap<>();
        for (int i = 0; i < logs.size(); i++) {
            RobotLog log = logs.get(i);
            Map<Long, PoseEstimate> corrected = map.poses().get(NodeId.of(log.robotName()));
            if (corrected == null) {
                continue;
            }
            List<PosedScansMap.PosedScan> scans = new java.util.ArrayList<>();
            for (PoseEstimate e : corrected.values()) {
                if (log.records().get((int) e.seq()) instanceof CarmenLaser laser) {
                    scans.add(
                            new PosedScansMap.PosedScan(
                                    SlamScan.fromCarmen(laser, true), e.pose()));
                }
            }
            robots.put((char) ('a' + i), scans);
        }
        Path png = out.resolve("merged-map.png");
        if (!robots.isEmpty()) {
            MapRenderer.write(MergedMapImage.render(robots, LocalSlamConfig.defaults()), png);
        }
        System.out.println();
        System.out.println("global map (map group " + FrameIngestJob.DEFAULT_MAP_GROUP + ")");
        System.out.printf(
                "  robots joined        %d of %d (robots with corrected poses on %s)%n",
                robots.size(), logs.size(), Topics.POSES_GLOBAL);
        System.out.printf("  first merge          %s%n", firstMerge);
        System.out.printf(
                "  inter-robot closures %d accepted, %d rejected (of %d verified)%n",
                accepted, candidates - accepted, candidates);
        System.out.printf(
                "  merged map           %d tiles on %s; %s%n",
                map.tiles().size(), Topics.MAP_TILES, robots.isEmpty() ? "no PNG" : png);
        String line =
                String.format(
                        "RESULT global joined=%d robots=%d first_merge=\"%s\" accepted=%d rejected=%d tiles=%d",
                        robots.size(),
                        logs.size(),
                        firstMerge,
                        accepted,
                        candidates - accepted,
                        map.tiles().size());
        System.out.println(line);
        Files.writeString(
                out.resolve("summary.txt"),
                line + System.lineSeparator(),
                java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Each robot's occupancy map: its scans (which the demo replayed) inserted at the poses the job
     * committed for them. Frame sequence numbers index the robot's log records.
     */
    private void writeMaps(List<RobotLog> logs, List<RobotPose> poses) throws IOException {
        Map<Integer, Map<Long, Pose2>> bySeq = new java.util.HashMap<>();
        for (RobotPose p : poses) {
            bySeq.computeIfAbsent(p.nodeId(), k -> new java.util.HashMap<>())
                    .put(p.estimate().seq(), p.estimate().pose());
        }
        for (RobotLog log : logs) {
            Map<Long, Pose2> robotPoses = bySeq.getOrDefault(NodeId.of(log.robotName()), Map.of());
            List<PosedScansMap.PosedScan> scans = new java.util.ArrayList<>();
            for (int seq = 0; seq < log.records().size(); seq++) {
                Pose2 pose = robotPoses.get((long) seq);
                if (pose != null && log.records().get(seq) instanceof CarmenLaser laser) {
                    scans.add(new PosedScansMap.PosedScan(SlamScan.fromCarmen(laser, true), pose));
                }
            }
            Path png = out.resolve("map-" + log.robotName() + ".png");
            MapRenderer.write(PosedScansMap.render(scans, LocalSlamConfig.defaults()), png);
            System.out.printf(
                    "  map              %s (%d scans at the job's poses)%n", png, scans.size());
        }
    }

    private void writeArtefacts(
            Map<String, List<Pose2>> trajectories, OutputReader reader, Path logFile)
            throws IOException {
        TrajectoryPlot.write(
                trajectories,
                "edgeflow demo: "
                        + estimator.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + " trajectories from edgeflow.poses ("
                        + logFile.getFileName()
                        + ")",
                out.resolve("trajectories.png"));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("poses.csv")))) {
            w.println("node_id,seq,timestamp_us,x,y,theta");
            reader.poses().stream()
                    .sorted(
                            Comparator.comparingInt(RobotPose::nodeId)
                                    .thenComparingLong(p -> p.estimate().seq()))
                    .forEach(
                            p ->
                                    w.printf(
                                            "%s,%d,%d,%.6f,%.6f,%.6f%n",
                                            NodeId.hex(p.nodeId()),
                                            p.estimate().seq(),
                                            p.estimate().timestampMicros(),
                                            p.estimate().pose().x(),
                                            p.estimate().pose().y(),
                                            p.estimate().pose().theta()));
        }
        try (PrintWriter w =
                new PrintWriter(Files.newBufferedWriter(out.resolve("dead-letters.csv")))) {
            w.println("reason,detail,bytes");
            for (OutputReader.DeadLetterRecord d : reader.deadLetters()) {
                w.printf(
                        "%s,\"%s\",%d%n",
                        d.reason(), d.detail().replace("\"", "'"), d.value().length);
            }
        }
        Files.writeString(out.resolve("summary.txt"), summaryLine + System.lineSeparator());
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
