package io.edgeflow.jobs.cli;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.LogRun;
import io.edgeflow.slam.TimedPose;
import io.edgeflow.slam.TrajectoryFile;
import io.edgeflow.slam.evaluation.RelationMetric;
import io.edgeflow.slam.evaluation.RelationsReader;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.render.MapRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeflow slam}: runs 2D SLAM standalone on a CARMEN log (no Kafka, no Flink). */
@Command(
        name = "slam",
        mixinStandardHelpOptions = true,
        description =
                "Run 2D LiDAR SLAM on a CARMEN log; with --relations, score it with the "
                        + "Kümmerle metric. Ends with one RESULT line.")
public final class SlamCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, description = "CARMEN log (.clf, .gz or .bz2)")
    Path log;

    @Option(names = "--relations", description = "Kümmerle .relations file (plain or .gz)")
    Path relations;

    @Option(names = "--map", description = "write the map and trajectory as this PNG")
    Path map;

    @Option(names = "--no-loop-closure", description = "local SLAM only")
    boolean noLoopClosure;

    @Option(names = "--poses", description = "write every scan's pose as lines 'time x y theta'")
    Path posesOut;

    @Override
    public Integer call() throws Exception {
        LocalSlamConfig config = LocalSlamConfig.defaults();
        if (noLoopClosure) {
            config = config.withLoopClosure(config.loopClosure().disabled());
        }
        // Loop-closure searches on their own thread, as in the job (same poses either way).
        ExecutorService searches = Executors.newSingleThreadExecutor();
        LocalSlam slam = new LocalSlam(config, searches);
        LogRun.Summary s;
        try {
            s = run(slam);
        } finally {
            searches.shutdownNow();
        }
        List<TimedPose> poses = slam.scanGlobalPoses();
        if (posesOut != null) {
            TrajectoryFile.write(posesOut, poses);
        }
        String errors = "";
        if (relations != null) {
            RelationMetric.Result m =
                    RelationMetric.evaluate(poses, RelationsReader.read(relations), 0.01);
            System.out.printf(
                    Locale.ROOT,
                    "metric relations=%d unmatched=%d trans_sq_m2=%.5f±%.5f rot_sq_deg2=%.4f±%.4f%n",
                    m.translation().count(),
                    m.unmatched(),
                    m.translationSquared().mean(),
                    m.translationSquared().std(),
                    m.rotationDegSquared().mean(),
                    m.rotationDegSquared().std());
            errors =
                    String.format(
                            Locale.ROOT,
                            " trans_err_m=%.4f±%.4f rot_err_deg=%.3f±%.3f",
                            m.translation().mean(),
                            m.translation().std(),
                            m.rotationDeg().mean(),
                            m.rotationDeg().std());
        }
        if (map != null) {
            List<Pose2> trajectory = new ArrayList<>();
            for (TimedPose p : poses) {
                trajectory.add(p.pose());
            }
            List<MapRenderer.Edge> edges = new ArrayList<>();
            for (Constraint c : slam.constraints()) {
                if (c.kind() == Constraint.Kind.LOOP_CLOSURE) {
                    edges.add(
                            new MapRenderer.Edge(
                                    slam.submapGlobalPoses().get(c.submapIndex()),
                                    slam.nodeGlobalPoses().get(c.nodeIndex())));
                }
            }
            MapRenderer.write(
                    MapRenderer.render(
                            slam.submaps(),
                            slam.submapGlobalPoses(),
                            config.resolution(),
                            trajectory,
                            edges),
                    map);
            System.out.println("map " + map);
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT log=%s scans=%d nodes=%d loop_closures=%d%s wall_s=%.1f cpu_s=%.1f "
                        + "realtime_factor=%.1f%n",
                log.getFileName(),
                s.scans(),
                s.nodes(),
                s.loopClosures(),
                errors,
                s.wallSeconds(),
                s.cpuSeconds(),
                s.realtimeFactor());
        return 0;
    }

    private LogRun.Summary run(LocalSlam slam) throws java.io.IOException {
        return LogRun.run(
                log,
                slam,
                1000,
                p ->
                        System.out.printf(
                                Locale.ROOT,
                                "progress scans=%d/%d nodes=%d loop_closures=%d log_t=%.0fs%n",
                                p.scans(),
                                p.totalScans(),
                                p.nodes(),
                                p.loopClosures(),
                                p.logTime()),
                w -> System.err.println("warning: " + w));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SlamCommand()).execute(args));
    }
}
