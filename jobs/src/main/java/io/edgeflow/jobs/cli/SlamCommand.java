package io.edgeflow.jobs.cli;

import io.edgeflow.agent.sim.OccupancyMap;
import io.edgeflow.agent.sim.OccupancyMapFile;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.LogRun;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.TimedPose;
import io.edgeflow.slam.TrajectoryFile;
import io.edgeflow.slam.evaluation.RelationMetric;
import io.edgeflow.slam.evaluation.RelationsReader;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.render.MapRenderer;
import io.edgeflow.slam.render.PosedScansMap;
import io.edgeflow.slam.render.PosedScansMap.PosedScan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    @Option(
            names = "--grid",
            paramLabel = "FILE.yaml",
            description =
                    "write the occupancy grid of every scan at its final pose as a ROS map_server"
                            + " map (this YAML and a PGM beside it), e.g. for `edgeflow simulate`")
    Path grid;

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
        if (grid != null) {
            OccupancyMapFile.write(occupancyMap(poses, config), grid);
            System.out.println("grid " + grid);
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

    /**
     * The log's scans inserted at their final poses, cropped to the observed cells and made
     * trinary: occupied where the probability is at least 0.65, free at most 0.35, else unknown.
     */
    private OccupancyMap occupancyMap(List<TimedPose> poses, LocalSlamConfig config)
            throws java.io.IOException {
        LogRun.ScanLog scanLog = LogRun.read(log, w -> {});
        Map<Double, CarmenLaser> byTime = new HashMap<>();
        for (CarmenLaser l : scanLog.lasers()) {
            byTime.put(l.timestamp(), l);
        }
        List<PosedScan> posed = new ArrayList<>();
        for (TimedPose p : poses) {
            CarmenLaser l = byTime.get(p.time());
            if (l != null) {
                posed.add(new PosedScan(SlamScan.fromCarmen(l, scanLog.odometry()), p.pose()));
            }
        }
        ProbabilityGrid g = PosedScansMap.occupancy(posed, config).grid();
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (int cy = g.minCellY(); cy < g.minCellY() + g.height(); cy++) {
            for (int cx = g.minCellX(); cx < g.minCellX() + g.width(); cx++) {
                if (g.isKnown(cx, cy)) {
                    x0 = Math.min(x0, cx);
                    y0 = Math.min(y0, cy);
                    x1 = Math.max(x1, cx);
                    y1 = Math.max(y1, cy);
                }
            }
        }
        int w = x1 - x0 + 1;
        int h = y1 - y0 + 1;
        byte[] cells = new byte[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                float p = g.probability(x0 + i, y0 + j);
                cells[j * w + i] =
                        !g.isKnown(x0 + i, y0 + j)
                                ? OccupancyMap.UNKNOWN
                                : p >= 0.65f ? 100 : p <= 0.35f ? 0 : OccupancyMap.UNKNOWN;
            }
        }
        double r = g.resolution();
        return new OccupancyMap(w, h, r, x0 * r, y0 * r, cells);
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
