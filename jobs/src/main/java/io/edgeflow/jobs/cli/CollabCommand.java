package io.edgeflow.jobs.cli;

import io.edgeflow.agent.replay.FrameEncoder;
import io.edgeflow.jobs.bench.ProcessCpuTime;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.LogRun;
import io.edgeflow.slam.RejectedScanException;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.TimedPose;
import io.edgeflow.slam.TrajectoryFile;
import io.edgeflow.slam.collab.CollaborativeEvaluation;
import io.edgeflow.slam.collab.CollaborativeLogRun;
import io.edgeflow.slam.collab.CrossRobotSearch;
import io.edgeflow.slam.collab.GlobalMapper;
import io.edgeflow.slam.collab.InterRobotClosure;
import io.edgeflow.slam.collab.MergedMapImage;
import io.edgeflow.slam.evaluation.Relation;
import io.edgeflow.slam.evaluation.RelationMetric;
import io.edgeflow.slam.evaluation.RelationsReader;
import io.edgeflow.slam.render.MapRenderer;
import io.edgeflow.slam.render.PosedScansMap.PosedScan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeflow collab}: one CARMEN log split into robots, mapped alone, merged while streaming.
 */
@Command(
        name = "collab",
        mixinStandardHelpOptions = true,
        description =
                "Split a CARMEN log into N robots with unknown start poses that map at the same"
                        + " time, merge them by inter-robot place recognition (Scan Context"
                        + " descriptors, branch-and-bound verification, PCM), and compare with the"
                        + " single-robot run of the same log (errors, false closures, CPU). One"
                        + " RESULT line per robot count.")
public final class CollabCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, description = "CARMEN log (.clf, .gz or .bz2)")
    Path log;

    @Option(
            names = "--robots",
            split = ",",
            defaultValue = "2",
            description = "robot counts to run, e.g. 2,3,4 (contiguous segments)")
    List<Integer> robots;

    @Option(names = "--relations", description = "Kümmerle .relations file (plain or .gz)")
    Path relations;

    @Option(
            names = "--map-dir",
            defaultValue = "out/collab",
            description = "merged map PNGs go here (collab-<log>-<N>robots.png)")
    Path mapDir;

    @Option(
            names = "--single-poses",
            description =
                    "take the single-robot baseline from this file of `edgeflow slam --poses`"
                            + " instead of running it (then no CPU ratio)")
    Path singlePosesFile;

    @Override
    public Integer call() throws Exception {
        LogRun.ScanLog scanLog = LogRun.read(log, w -> System.err.println("warning: " + w));
        List<CarmenLaser> lasers = scanLog.lasers();
        boolean odometry = scanLog.odometry();
        List<Relation> rels = relations == null ? List.of() : RelationsReader.read(relations);
        LocalSlamConfig config = LocalSlamConfig.defaults();

        // the baseline, in the same process: one robot maps the whole log
        double cpu0 = ProcessCpuTime.seconds();
        List<TimedPose> singlePoses =
                singlePosesFile == null
                        ? singleRobot(lasers, odometry, config)
                        : TrajectoryFile.read(singlePosesFile);
        double singleCpu = singlePosesFile == null ? ProcessCpuTime.seconds() - cpu0 : Double.NaN;
        RelationMetric.Result singleMetric = RelationMetric.evaluate(singlePoses, rels, 0.01);
        System.out.printf(
                Locale.ROOT,
                "single robot: cpu_s=%.1f%s%n",
                singleCpu,
                errors(" all", singleMetric));

        for (int n : robots) {
            List<CollaborativeLogRun.Segment> segments = CollaborativeLogRun.split(lasers, n);
            double c0 = ProcessCpuTime.seconds();
            CollaborativeLogRun.Result r =
                    CollaborativeLogRun.run(
                            segments, odometry, config, CrossRobotSearch.defaults());
            double cpu = ProcessCpuTime.seconds() - c0;
            CollaborativeEvaluation.Scores s = CollaborativeEvaluation.score(r, rels, singlePoses);
            Path png =
                    mapDir.resolve(
                            String.format(
                                    "collab-%s-%drobots.png",
                                    log.getFileName().toString().replaceAll("\\..*", ""), n));
            MapRenderer.write(MergedMapImage.render(posedScans(r, lasers, odometry), config), png);
            TrajectoryFile.write(
                    Path.of(png.toString().replace(".png", ".poses")), r.mergedScanPoses());

            StringJoiner joins = new StringJoiner(",");
            for (CollaborativeLogRun.Segment seg : segments) {
                char robot = seg.robot();
                Double joined = r.joinRobotSeconds().get(robot);
                double overlap = s.firstOverlapRobotSeconds().get(robot);
                joins.add(
                        String.format(
                                Locale.ROOT,
                                "%c:overlap=%.0f/join=%s",
                                robot,
                                overlap,
                                joined == null
                                        ? "never"
                                        : Double.isNaN(joined)
                                                ? "after_data"
                                                : String.format(
                                                        Locale.ROOT,
                                                        "%.0f(+%.0f)",
                                                        joined,
                                                        joined - overlap)));
            }
            for (GlobalMapper.JoinCheck j : r.joinChecks()) {
                System.out.printf(
                        Locale.ROOT,
                        "  join check %s at robot time %.0f s: %d closures, %d wall cells seen by"
                                + " both, conflict %.3f -> %s%n",
                        j.pair(),
                        j.robotTime(),
                        j.closures(),
                        j.knownWalls(),
                        j.conflict(),
                        j.verdict());
            }
            for (InterRobotClosure c : r.accepted()) {
                double[] e = CollaborativeEvaluation.closureError(r, c, singlePoses);
                if (e[0] > CollaborativeEvaluation.FALSE_TRANSLATION_M
                        || e[1] > CollaborativeEvaluation.FALSE_ROTATION_DEG) {
                    System.out.printf(
                            Locale.ROOT,
                            "  false accepted %s: log time %.1f -> %.1f, off %.2f m %.1f deg%n",
                            c.robotPair(),
                            r.timeOf(c.from()),
                            r.timeOf(c.to()),
                            e[0],
                            e[1]);
                }
            }
            System.out.println("  " + traffic(segments, r.traffic()));
            int accepted = r.accepted().size();
            System.out.printf(
                    Locale.ROOT,
                    "robots=%d candidates=%d global_verifications=%d windowed_searches=%d"
                            + " merges=%d worst_accepted_err_m=%.3f map=%s%n  joins (robot"
                            + " time, s): %s%n",
                    n,
                    r.candidates().size(),
                    r.globalVerifications(),
                    r.windowedSearches(),
                    r.merges(),
                    s.worstAcceptedErrorM(),
                    png,
                    joins);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT log=%s robots=%d joined=%d/%d accepted=%d rejected=%d"
                            + " false_accepted=%d false_candidates=%d true_rejected=%d%s%s%s"
                            + " single_trans_err_m=%.4f merged_vs_single=%.3f cpu_s=%.1f"
                            + " single_cpu_s=%.1f cpu_ratio=%.2f%n",
                    log.getFileName(),
                    n,
                    n - r.unjoined().size(),
                    n,
                    accepted,
                    r.candidates().size() - accepted,
                    s.falseAccepted(),
                    s.falseCandidates(),
                    s.trueRejected(),
                    errors(" within", s.within()),
                    errors(" across", s.across()),
                    errors(" merged", s.all()),
                    singleMetric.translation().mean(),
                    s.all().translation().mean() / singleMetric.translation().mean(),
                    cpu,
                    singleCpu,
                    cpu / singleCpu);
        }
        return 0;
    }

    /**
     * Bytes per robot per second of robot time at each stage: laser frames in (as the edge agent
     * encodes them), robot updates out of local SLAM, corrected poses and tiles out of the mapper.
     */
    private static String traffic(
            List<CollaborativeLogRun.Segment> segments, CollaborativeLogRun.Traffic t) {
        long frames = 0;
        for (CollaborativeLogRun.Segment s : segments) {
            FrameEncoder encoder = new FrameEncoder(new FrameCodec(), "robot-" + s.robot());
            for (CarmenLaser l : s.lasers()) {
                frames += encoder.encode(l).length;
            }
        }
        return String.format(
                Locale.ROOT,
                "bytes per robot per second: scan_frames_in=%.0f robot_updates=%.0f"
                        + " global_poses_out=%.0f map_tiles_out=%.0f",
                t.perRobotSecond(frames),
                t.perRobotSecond(t.updates()),
                t.perRobotSecond(t.poses()),
                t.perRobotSecond(t.tiles()));
    }

    /** One robot maps the whole log: its scan poses (its maps are dropped, they are large). */
    private static List<TimedPose> singleRobot(
            List<CarmenLaser> lasers, boolean odometry, LocalSlamConfig config) {
        LocalSlam single = new LocalSlam(config);
        for (CarmenLaser l : lasers) {
            try {
                single.addScan(SlamScan.fromCarmen(l, odometry));
            } catch (RejectedScanException e) {
                // counted by `edgeflow slam`; the split runs drop the same scans
            }
        }
        single.finish();
        return single.scanGlobalPoses();
    }

    /** Each group-0 robot's scans at their merged poses, for the map. */
    private static Map<Character, List<PosedScan>> posedScans(
            CollaborativeLogRun.Result r, List<CarmenLaser> lasers, boolean odometry) {
        Map<Double, CarmenLaser> byTime = new HashMap<>();
        for (CarmenLaser l : lasers) {
            byTime.put(l.timestamp(), l);
        }
        Map<Character, List<PosedScan>> out = new LinkedHashMap<>();
        for (char robot : r.groups().get(0).alignment().keySet()) {
            List<PosedScan> scans = new ArrayList<>();
            for (TimedPose p : r.robotScanPoses().get(robot)) {
                CarmenLaser l = byTime.get(p.time());
                if (l != null) {
                    scans.add(new PosedScan(SlamScan.fromCarmen(l, odometry), p.pose()));
                }
            }
            out.put(robot, scans);
        }
        return out;
    }

    private static String errors(String label, RelationMetric.Result m) {
        return String.format(
                Locale.ROOT,
                "%s_relations=%d%s_unmatched=%d%s_trans_err_m=%.4f±%.4f%s_rot_err_deg=%.3f±%.3f",
                label,
                m.translation().count(),
                label,
                m.unmatched(),
                label,
                m.translation().mean(),
                m.translation().std(),
                label,
                m.rotationDeg().mean(),
                m.rotationDeg().std());
    }
}
