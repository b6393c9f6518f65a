package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.TimedPose;
import io.edgeflow.slam.TrajectoryNode;
import io.edgeflow.slam.evaluation.Relation;
import io.edgeflow.slam.evaluation.RelationMetric;
import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.loopclosure.ConstraintBuilder;
import io.edgeflow.slam.mapping2d.Submap;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.scanmatching.NonlinearScanMatcher;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One CARMEN log as a fleet: split into contiguous segments, one robot each, every robot mapping
 * alone from its own origin (so their relative start poses are unknown); then inter-robot place
 * recognition (sampled nodes searched globally in the other robots' finished submaps), pairwise
 * consistency screening and the group solve ({@link MapGroupMerge}), scored with the Kümmerle
 * relation metric on the merged trajectory — within robots and, the test of the merge, across them.
 */
public final class CollaborativeLogRun {

    /**
     * @param joinRobotSeconds per robot, robot time (s since its segment began) of the node whose
     *     accepted closure completed its join: the second accepted closure of the pair that joined
     *     it
     */
    public record Result(
            int robots,
            int candidates,
            int accepted,
            int rejected,
            List<Character> unjoined,
            RelationMetric.Result within,
            RelationMetric.Result across,
            RelationMetric.Result all,
            Map<Character, Double> joinRobotSeconds,
            double localCpuSeconds,
            double searchCpuSeconds,
            double mergeCpuSeconds,
            List<TimedPose> mergedScanPoses) {}

    private CollaborativeLogRun() {}

    public static Result run(
            List<CarmenLaser> lasers,
            boolean odometry,
            int robotCount,
            LocalSlamConfig config,
            CrossRobotSearch search,
            List<Relation> relations) {
        List<CarmenLaser> sorted = new ArrayList<>(lasers);
        sorted.sort(Comparator.comparingDouble(CarmenLaser::timestamp));
        var os = ManagementFactory.getThreadMXBean();

        long c0 = os.getCurrentThreadCpuTime();
        List<LocalSlam> slams = new ArrayList<>();
        List<double[]> segments = new ArrayList<>();
        for (int r = 0; r < robotCount; r++) {
            int from = r * sorted.size() / robotCount, to = (r + 1) * sorted.size() / robotCount;
            LocalSlam slam = new LocalSlam(config);
            for (CarmenLaser l : sorted.subList(from, to)) {
                slam.addScan(SlamScan.fromCarmen(l, odometry));
            }
            slam.finish();
            slams.add(slam);
            segments.add(
                    new double[] {sorted.get(from).timestamp(), sorted.get(to - 1).timestamp()});
        }
        long c1 = os.getCurrentThreadCpuTime();

        List<RobotMap> robots = new ArrayList<>();
        double stepT = sq(search.stepTranslationSigma()), stepR = sq(search.stepRotationSigma());
        for (int r = 0; r < robotCount; r++) {
            robots.add(
                    new RobotMap(
                            robotName(r),
                            trajectoryGraph(robotName(r), slams.get(r), stepT, stepR),
                            stepT,
                            stepR));
        }
        double[] closureInfo =
                diagonal(
                        1 / sq(search.closureTranslationSigma()),
                        1 / sq(search.closureRotationSigma()));
        List<InterRobotClosure> candidates = new ArrayList<>();
        ConstraintBuilder matcher =
                new ConstraintBuilder(
                        config.loopClosure(),
                        new NonlinearScanMatcher(config.occupiedWeight(), 0, 0, 20));
        for (int b = 0; b < robotCount; b++) {
            List<TrajectoryNode> nodes = slams.get(b).nodes();
            for (int n = 0; n < nodes.size(); n += search.nodeSamplingStride()) {
                TrajectoryNode node = nodes.get(n);
                for (int a = 0; a < robotCount; a++) {
                    if (a == b) {
                        continue;
                    }
                    LocalSlam other = slams.get(a);
                    for (Map.Entry<Integer, Submap> s : other.submaps().entrySet()) {
                        if (!s.getValue().finished()) {
                            continue;
                        }
                        Pose2 submapPose = other.submapGlobalPoses().get(s.getKey());
                        Constraint c =
                                matcher.search(
                                        s.getValue(),
                                        submapPose,
                                        n,
                                        node.points(),
                                        submapPose,
                                        true);
                        if (c == null || c.score() < search.minScore()) {
                            continue;
                        }
                        candidates.add(
                                closure(
                                        robotName(a),
                                        other,
                                        submapPose,
                                        robotName(b),
                                        n,
                                        submapPose.compose(c.relative()),
                                        closureInfo));
                    }
                }
            }
        }
        long c2 = os.getCurrentThreadCpuTime();

        PairwiseConsistency.Settings pcm =
                PairwiseConsistency.Settings.planar(
                        sq(search.closureTranslationSigma()), sq(search.closureRotationSigma()));
        MapGroupMerge.Result merged = MapGroupMerge.merge(robots, candidates, pcm);
        long c3 = os.getCurrentThreadCpuTime();

        List<TimedPose> scanPoses = new ArrayList<>();
        for (int r = 0; r < robotCount; r++) {
            char name = robotName(r);
            if (!merged.alignment().containsKey(name)) {
                continue;
            }
            LocalSlam slam = slams.get(r);
            List<Pose2> nodes = new ArrayList<>();
            for (int n = 0; n < slam.nodes().size(); n++) {
                SE2 p = merged.graph().pose2(new RobotPose(name, n).key());
                nodes.add(new Pose2(p.x(), p.y(), p.theta()));
            }
            slam.setGlobalPoses(nodes, Map.of());
            scanPoses.addAll(slam.scanGlobalPoses());
        }
        scanPoses.sort(Comparator.comparingDouble(TimedPose::time));

        List<Relation> within = new ArrayList<>(), across = new ArrayList<>();
        for (Relation rel : relations) {
            (segmentOf(segments, rel.t1()) == segmentOf(segments, rel.t2()) ? within : across)
                    .add(rel);
        }
        return new Result(
                robotCount,
                candidates.size(),
                merged.accepted().size(),
                merged.rejected().size(),
                merged.unjoined(),
                RelationMetric.evaluate(scanPoses, within, 0.01),
                RelationMetric.evaluate(scanPoses, across, 0.01),
                RelationMetric.evaluate(scanPoses, relations, 0.01),
                joinTimes(merged, slams, segments),
                (c1 - c0) / 1e9,
                (c2 - c1) / 1e9,
                (c3 - c2) / 1e9,
                scanPoses);
    }

    /** A robot's optimized node trajectory as a chain of relative poses. */
    private static PoseGraph trajectoryGraph(
            char robot, LocalSlam slam, double stepT, double stepR) {
        PoseGraph g = PoseGraph.planar();
        List<Pose2> poses = slam.nodeGlobalPoses();
        double[] info = diagonal(1 / stepT, 1 / stepR);
        for (int n = 0; n < poses.size(); n++) {
            g.addPose(new RobotPose(robot, n).key(), se2(poses.get(n)));
            if (n > 0) {
                Pose2 d = poses.get(n - 1).between(poses.get(n));
                g.addBetween(
                        new RobotPose(robot, n - 1).key(),
                        new RobotPose(robot, n).key(),
                        se2(d),
                        info);
            }
        }
        return g;
    }

    /**
     * The closure from robot a's node nearest to where b's node lands in a's map (short lever arm)
     * to b's node.
     */
    private static InterRobotClosure closure(
            char a,
            LocalSlam slamA,
            Pose2 unused,
            char b,
            int nodeB,
            Pose2 nodeBInA,
            double[] info) {
        List<Pose2> poses = slamA.nodeGlobalPoses();
        int nearest = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int m = 0; m < poses.size(); m++) {
            double d = Math.hypot(poses.get(m).x() - nodeBInA.x(), poses.get(m).y() - nodeBInA.y());
            if (d < best) {
                best = d;
                nearest = m;
            }
        }
        Pose2 z = poses.get(nearest).between(nodeBInA);
        return new InterRobotClosure(
                new RobotPose(a, nearest).key(),
                new RobotPose(b, nodeB).key(),
                new SE3(SO3.exp(0, 0, z.theta()), z.x(), z.y(), 0),
                info);
    }

    private static Map<Character, Double> joinTimes(
            MapGroupMerge.Result merged, List<LocalSlam> slams, List<double[]> segments) {
        Map<Character, Double> out = new java.util.TreeMap<>();
        for (char robot : merged.alignment().keySet()) {
            // the second accepted closure (PCM's minimum clique) touching this robot, by its node
            // time
            List<Double> times = new ArrayList<>();
            for (InterRobotClosure c : merged.accepted()) {
                for (long key : new long[] {c.from(), c.to()}) {
                    RobotPose p = RobotPose.ofKey(key);
                    if (p.robot() == robot) {
                        int r = robot - 'a';
                        times.add(
                                slams.get(r).nodes().get((int) p.index()).time()
                                        - segments.get(r)[0]);
                    }
                }
            }
            times.sort(Double::compare);
            out.put(
                    robot,
                    times.size() >= 2 ? times.get(1) : times.isEmpty() ? Double.NaN : times.get(0));
        }
        return out;
    }

    private static int segmentOf(List<double[]> segments, double t) {
        for (int i = 0; i < segments.size(); i++) {
            if (t <= segments.get(i)[1] + 1e-6) {
                return i;
            }
        }
        return segments.size() - 1;
    }

    static char robotName(int r) {
        return (char) ('a' + r);
    }

    private static SE2 se2(Pose2 p) {
        return new SE2(p.x(), p.y(), p.theta());
    }

    private static double[] diagonal(double t, double r) {
        return new double[] {t, 0, 0, 0, t, 0, 0, 0, r};
    }

    private static double sq(double x) {
        return x * x;
    }
}
