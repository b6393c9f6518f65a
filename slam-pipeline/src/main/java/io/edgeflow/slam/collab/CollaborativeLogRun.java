package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.RejectedScanException;
import io.edgeflow.slam.ScanResult;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.TimedPose;
import io.edgeflow.slam.TrajectoryNode;
import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.mapping2d.Submap;
import io.edgeflow.slam.posegraph.PoseGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One CARMEN log as a fleet, streamed: split into contiguous segments, one robot each, every robot
 * mapping alone from its own origin (so their relative start poses are unknown), all robots fed
 * together in robot time (seconds since each one's segment began) as if they drove at once. Each
 * finished submap queries the other robots' places ({@link PlaceRecognition}); verified sightings
 * become inter-robot closures, screened by {@link MapGroupMerge} (PCM, then the group residual
 * check) as they arrive. Robots whose closures survive share a group; from then on their new nodes
 * are also searched, windowed, in each other's nearby submaps through the group's alignment, which
 * gives the merged map the dense closures a single robot's loop closing would have.
 */
public final class CollaborativeLogRun {

    /**
     * One map-agreement check of two robots about to join: their accepted closures, how many wall
     * cells both had seen, the larger of the two conflict ratios, and what was decided.
     */
    public record JoinCheck(
            String pair,
            double robotTime,
            int closures,
            int knownWalls,
            double conflict,
            Verdict verdict) {
        public enum Verdict {
            APPROVED,
            VETOED,
            WAITING
        }
    }

    /** A robot's share of the log: its scans and when its segment began. */
    public record Segment(char robot, List<CarmenLaser> lasers, double startTime) {
        public double endTime() {
            return lasers.get(lasers.size() - 1).timestamp();
        }
    }

    /**
     * @param groups the final map groups (the first holds robot a), each solved
     * @param candidates every inter-robot closure that was verified by scan matching
     * @param joinRobotSeconds per robot, robot time when it first shared a group with another
     * @param mergedScanPoses every joined robot's scans in the first group's frame, by time
     * @param robotScanPoses per robot, its scans in the group frame (or its own, if unjoined)
     */
    public record Result(
            List<Segment> segments,
            List<MapGroupMerge.Result> groups,
            List<InterRobotClosure> candidates,
            int globalVerifications,
            int windowedSearches,
            int merges,
            Map<Character, Double> joinRobotSeconds,
            Map<Character, List<TimedPose>> robotScanPoses,
            List<TimedPose> mergedScanPoses,
            Map<Character, double[]> nodeTimes,
            List<JoinCheck> joinChecks) {

        /** Log time of the node a pose key names. */
        public double timeOf(long key) {
            RobotPose p = RobotPose.ofKey(key);
            return nodeTimes.get(p.robot())[(int) p.index()];
        }

        public List<InterRobotClosure> accepted() {
            List<InterRobotClosure> out = new ArrayList<>();
            for (MapGroupMerge.Result g : groups) {
                out.addAll(g.accepted());
            }
            return out;
        }

        public List<Character> unjoined() {
            List<Character> out = new ArrayList<>();
            for (Segment s : segments) {
                if (!groups.get(0).alignment().containsKey(s.robot())) {
                    out.add(s.robot());
                }
            }
            return out;
        }
    }

    private final LocalSlamConfig config;
    private final CrossRobotSearch search;
    private final List<Segment> segments;
    private final Map<Character, LocalSlam> slams = new LinkedHashMap<>();
    private final Map<Character, Map<Integer, List<TrajectoryNode>>> members = new HashMap<>();
    private final PlaceRecognition recognition;
    private final List<InterRobotClosure> candidates = new ArrayList<>();
    private final double[] closureInformation;
    private final PairwiseConsistency.Settings pcm;
    private final Map<Character, Double> joinTimes = new TreeMap<>();
    // per robot: its group's root, and its frame in the group frame
    private final Map<Character, Character> groupOf = new HashMap<>();
    private final Map<Character, Pose2> toGroup = new HashMap<>();
    private List<MapGroupMerge.Result> groups = List.of();
    // robot pairs whose maps were found to agree under their alignment, and closures vetoed
    // because the maps they aligned disagreed
    private final Set<String> approved = new HashSet<>();
    private final Set<InterRobotClosure> vetoed = new HashSet<>();
    private final List<JoinCheck> joinChecks = new ArrayList<>();
    private static final double OCCUPANCY_RESOLUTION = 0.1;
    private int merges;
    private int windowedSinceMerge;

    private CollaborativeLogRun(
            List<Segment> segments, LocalSlamConfig config, CrossRobotSearch search) {
        this.segments = segments;
        this.config = config;
        this.search = search;
        this.recognition = new PlaceRecognition(search, config.occupiedWeight());
        double t = 1 / sq(search.closureTranslationSigma());
        double r = 1 / sq(search.closureRotationSigma());
        this.closureInformation = new double[] {t, 0, 0, 0, t, 0, 0, 0, r};
        PairwiseConsistency.Settings planar =
                PairwiseConsistency.Settings.planar(
                        sq(search.closureTranslationSigma()), sq(search.closureRotationSigma()));
        this.pcm =
                new PairwiseConsistency.Settings(
                        planar.threshold(),
                        search.minimumClique(),
                        planar.closureTranslationVariance(),
                        planar.closureRotationVariance(),
                        planar.groupThreshold());
        for (Segment s : segments) {
            slams.put(s.robot(), new LocalSlam(config));
            members.put(s.robot(), new HashMap<>());
            groupOf.put(s.robot(), s.robot());
            toGroup.put(s.robot(), Pose2.ORIGIN);
        }
    }

    /** Splits time-sorted scans into {@code robots} contiguous segments of equal scan count. */
    public static List<Segment> split(List<CarmenLaser> lasers, int robots) {
        List<CarmenLaser> sorted = new ArrayList<>(lasers);
        sorted.sort(Comparator.comparingDouble(CarmenLaser::timestamp));
        List<Segment> out = new ArrayList<>();
        for (int r = 0; r < robots; r++) {
            List<CarmenLaser> part =
                    sorted.subList(r * sorted.size() / robots, (r + 1) * sorted.size() / robots);
            out.add(new Segment(robotName(r), List.copyOf(part), part.get(0).timestamp()));
        }
        return out;
    }

    public static Result run(
            List<Segment> segments,
            boolean odometry,
            LocalSlamConfig config,
            CrossRobotSearch search) {
        return new CollaborativeLogRun(segments, config, search).stream(odometry);
    }

    private record Event(double robotTime, Segment segment, CarmenLaser laser) {}

    private Result stream(boolean odometry) {
        List<Event> events = new ArrayList<>();
        for (Segment s : segments) {
            for (CarmenLaser l : s.lasers()) {
                events.add(new Event(l.timestamp() - s.startTime(), s, l));
            }
        }
        events.sort(Comparator.comparingDouble(Event::robotTime));
        for (Event e : events) {
            char robot = e.segment().robot();
            LocalSlam slam = slams.get(robot);
            ScanResult r;
            try {
                r = slam.addScan(SlamScan.fromCarmen(e.laser(), odometry));
            } catch (RejectedScanException ex) {
                continue;
            }
            boolean changed = false;
            if (r.nodeIndex() >= 0) {
                trackMembership(robot, slam, r.nodeIndex());
                if (r.nodeIndex() % search.windowedEveryNodes() == 0) {
                    windowedSinceMerge += searchWindowed(robot, r.nodeIndex());
                }
            }
            if (r.finishedSubmap() != null) {
                changed |= searchPlaces(robot, r.finishedSubmap().index());
            }
            if (changed || windowedSinceMerge >= search.refreshEveryClosures()) {
                mergeGroups(e.robotTime());
            }
        }
        for (LocalSlam slam : slams.values()) {
            slam.finish();
        }
        mergeGroups(Double.NaN);
        return result();
    }

    /** Remembers which submaps each new node went into (its intra-submap constraints). */
    private void trackMembership(char robot, LocalSlam slam, int node) {
        List<Constraint> cs = slam.constraints();
        for (int i = cs.size() - 1; i >= 0; i--) {
            Constraint c = cs.get(i);
            if (c.nodeIndex() < node) {
                break;
            }
            if (c.nodeIndex() == node && c.kind() == Constraint.Kind.INTRA_SUBMAP) {
                members.get(robot)
                        .computeIfAbsent(c.submapIndex(), k -> new ArrayList<>())
                        .add(slam.nodes().get(node));
            }
        }
    }

    /** Descriptor-led search of a finished submap against robots outside this robot's group. */
    private boolean searchPlaces(char robot, int submapIndex) {
        Submap submap = slams.get(robot).submaps().get(submapIndex);
        List<TrajectoryNode> nodes = members.get(robot).getOrDefault(submapIndex, List.of());
        Set<Character> others = new TreeSet<>();
        for (Segment s : segments) {
            if (!groupOf.get(s.robot()).equals(groupOf.get(robot))) {
                others.add(s.robot());
            }
        }
        boolean added = false;
        for (PlaceRecognition.Sighting s : recognition.addSubmap(robot, submap, nodes, others)) {
            candidates.add(closure(s.mapRobot(), s.mapSubmap(), s.pose(), robot, s.queryNode()));
            added = true;
        }
        return added;
    }

    /** Windowed search of a new node in the nearby finished submaps of its group's robots. */
    private int searchWindowed(char robot, int nodeIndex) {
        LocalSlam slam = slams.get(robot);
        TrajectoryNode node = slam.nodes().get(nodeIndex);
        Pose2 nodeInGroup = toGroup.get(robot).compose(slam.nodeGlobalPoses().get(nodeIndex));
        record Near(char robot, Submap submap, Pose2 pose, double distance) {}
        List<Near> near = new ArrayList<>();
        for (Segment s : segments) {
            char other = s.robot();
            if (other == robot || !groupOf.get(other).equals(groupOf.get(robot))) {
                continue;
            }
            LocalSlam o = slams.get(other);
            for (Map.Entry<Integer, Submap> e : o.submaps().entrySet()) {
                if (!e.getValue().finished()) {
                    continue;
                }
                Pose2 p = toGroup.get(other).compose(o.submapGlobalPoses().get(e.getKey()));
                double d = Math.hypot(p.x() - nodeInGroup.x(), p.y() - nodeInGroup.y());
                if (d <= search.windowedMaxDistance()) {
                    near.add(new Near(other, e.getValue(), p, d));
                }
            }
        }
        near.sort(Comparator.comparingDouble(Near::distance));
        // the nearest few of every robot in the group, so each pair gets direct closures wherever
        // both were, not only the pair whose submaps happen to be closest
        Map<Character, Integer> perRobot = new HashMap<>();
        int found = 0;
        for (Near n : near) {
            if (perRobot.merge(n.robot(), 1, Integer::sum) > search.windowedSubmaps()) {
                continue;
            }
            // the node in the submap's grid frame (the local frame it was built in)
            Pose2 estimate = n.submap().localPose().compose(n.pose().between(nodeInGroup));
            PlaceRecognition.Sighting s =
                    recognition.windowed(robot, node, n.robot(), n.submap(), estimate);
            if (s != null) {
                candidates.add(closure(n.robot(), n.submap(), s.pose(), robot, node));
                found++;
            }
        }
        return found;
    }

    /**
     * The closure from the node of {@code a} inserted into {@code submap} nearest to where {@code
     * b}'s node was found in it, measured in {@code a}'s local frame (the submap's grid frame), so
     * later re-optimization of {@code a}'s map leaves it valid.
     */
    private InterRobotClosure closure(
            char a, Submap submap, Pose2 nodeInGrid, char b, TrajectoryNode nodeB) {
        TrajectoryNode nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (TrajectoryNode n : members.get(a).getOrDefault(submap.index(), List.of())) {
            double d =
                    Math.hypot(
                            n.localPose().x() - nodeInGrid.x(), n.localPose().y() - nodeInGrid.y());
            if (d < best) {
                best = d;
                nearest = n;
            }
        }
        Pose2 z = nearest.localPose().between(nodeInGrid);
        return new InterRobotClosure(
                new RobotPose(a, nearest.index()).key(),
                new RobotPose(b, nodeB.index()).key(),
                new SE3(SO3.exp(0, 0, z.theta()), z.x(), z.y(), 0),
                closureInformation);
    }

    /**
     * Screens all candidates and solves every group: the group of the first remaining robot, then
     * of the first robot it left out, and so on.
     */
    private void mergeGroups(double robotTime) {
        merges++;
        windowedSinceMerge = 0;
        Map<Character, RobotMap> maps = new LinkedHashMap<>();
        for (Map.Entry<Character, LocalSlam> e : slams.entrySet()) {
            if (!e.getValue().nodes().isEmpty()) {
                maps.put(e.getKey(), robotMap(e.getKey(), e.getValue()));
            }
        }
        Set<String> pending = new HashSet<>();
        Map<Character, RobotOccupancy> occupancy = new HashMap<>();
        while (true) {
            List<MapGroupMerge.Result> solved = solveGroups(maps, pending);
            boolean again = false;
            for (MapGroupMerge.Result g : solved) {
                Map<String, List<InterRobotClosure>> byPair = new LinkedHashMap<>();
                for (InterRobotClosure c : g.accepted()) {
                    byPair.computeIfAbsent(c.robotPair(), k -> new ArrayList<>()).add(c);
                }
                for (var pair : byPair.entrySet()) {
                    char x = pair.getKey().charAt(0), y = pair.getKey().charAt(1);
                    // only a pair that would join two groups is checked: inside a group, its
                    // closures face PCM and the group residual check like any other
                    if (connectedByApproved(x, y)) {
                        continue;
                    }
                    RobotOccupancy ox = occupancy.computeIfAbsent(x, this::occupancyOf);
                    RobotOccupancy oy = occupancy.computeIfAbsent(y, this::occupancyOf);
                    Pose2 yInX =
                            frameInGroup(g.graph(), x, slams.get(x))
                                    .between(frameInGroup(g.graph(), y, slams.get(y)));
                    RobotOccupancy.Agreement a = oy.conflictRatio(ox, yInX);
                    RobotOccupancy.Agreement b = ox.conflictRatio(oy, yInX.between(Pose2.ORIGIN));
                    int known = Math.min(a.known(), b.known());
                    double conflict = Math.max(a.conflictRatio(), b.conflictRatio());
                    JoinCheck.Verdict verdict;
                    if (conflict > search.maxMapConflict()) {
                        vetoed.addAll(pair.getValue());
                        verdict = JoinCheck.Verdict.VETOED;
                    } else if (known < search.minMapOverlap()) {
                        pending.add(pair.getKey());
                        verdict = JoinCheck.Verdict.WAITING;
                    } else {
                        approved.add(pair.getKey());
                        verdict = JoinCheck.Verdict.APPROVED;
                    }
                    again |= verdict != JoinCheck.Verdict.APPROVED;
                    joinChecks.add(
                            new JoinCheck(
                                    pair.getKey(),
                                    robotTime,
                                    pair.getValue().size(),
                                    known,
                                    conflict,
                                    verdict));
                }
            }
            if (!again) {
                commit(solved, robotTime);
                return;
            }
        }
    }

    /**
     * Screens the candidates (less vetoed ones and those of pairs whose maps overlap too little to
     * judge yet) and solves every group: the group of the first remaining robot, then of the first
     * robot it left out, and so on.
     */
    private List<MapGroupMerge.Result> solveGroups(
            Map<Character, RobotMap> all, Set<String> pending) {
        Map<Character, RobotMap> maps = new LinkedHashMap<>(all);
        List<MapGroupMerge.Result> solved = new ArrayList<>();
        while (!maps.isEmpty()) {
            List<InterRobotClosure> among = new ArrayList<>();
            for (InterRobotClosure c : candidates) {
                if (maps.containsKey(c.fromRobot())
                        && maps.containsKey(c.toRobot())
                        && !vetoed.contains(c)
                        && !pending.contains(c.robotPair())) {
                    among.add(c);
                }
            }
            MapGroupMerge.Result g =
                    among.isEmpty()
                            ? alone(maps.values().iterator().next())
                            : MapGroupMerge.merge(new ArrayList<>(maps.values()), among, pcm);
            solved.add(g);
            g.alignment().keySet().forEach(maps::remove);
        }
        return solved;
    }

    private void commit(List<MapGroupMerge.Result> solved, double robotTime) {
        for (MapGroupMerge.Result g : solved) {
            char root = g.alignment().keySet().iterator().next();
            for (char r : g.alignment().keySet()) {
                groupOf.put(r, root);
                toGroup.put(r, frameInGroup(g.graph(), r, slams.get(r)));
                if (g.alignment().size() > 1 && !joinTimes.containsKey(r)) {
                    joinTimes.put(r, robotTime);
                }
            }
        }
        groups = solved;
    }

    /** Whether approved pairs already chain x to y. */
    private boolean connectedByApproved(char x, char y) {
        Set<Character> reached = new HashSet<>(List.of(x));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String pair : approved) {
                char p = pair.charAt(0), q = pair.charAt(1);
                if (reached.contains(p) != reached.contains(q)) {
                    reached.add(p);
                    reached.add(q);
                    grew = true;
                }
            }
        }
        return reached.contains(y);
    }

    private RobotOccupancy occupancyOf(char robot) {
        LocalSlam slam = slams.get(robot);
        Map<Integer, Submap> finished = new TreeMap<>();
        for (Map.Entry<Integer, Submap> e : slam.submaps().entrySet()) {
            if (e.getValue().finished()) {
                finished.put(e.getKey(), e.getValue());
            }
        }
        return RobotOccupancy.of(finished, slam.submapGlobalPoses(), OCCUPANCY_RESOLUTION);
    }

    private static MapGroupMerge.Result alone(RobotMap robot) {
        return new MapGroupMerge.Result(
                robot.graph(),
                Map.of(robot.robot(), SE3.IDENTITY),
                List.of(),
                List.of(),
                List.of());
    }

    /** Robot frame in the group frame, from the solved pose of its newest node. */
    private static Pose2 frameInGroup(PoseGraph g, char robot, LocalSlam slam) {
        int last = slam.nodeGlobalPoses().size() - 1;
        long key = new RobotPose(robot, last).key();
        if (!g.hasPose(key)) {
            return Pose2.ORIGIN;
        }
        SE2 p = g.pose2(key);
        return new Pose2(p.x(), p.y(), p.theta())
                .compose(slam.nodeGlobalPoses().get(last).between(Pose2.ORIGIN));
    }

    private RobotMap robotMap(char robot, LocalSlam slam) {
        double stepT = sq(search.stepTranslationSigma()), stepR = sq(search.stepRotationSigma());
        PoseGraph g = PoseGraph.planar();
        List<Pose2> poses = slam.nodeGlobalPoses();
        double[] info = {1 / stepT, 0, 0, 0, 1 / stepT, 0, 0, 0, 1 / stepR};
        for (int n = 0; n < poses.size(); n++) {
            g.addPose(new RobotPose(robot, n).key(), se2(poses.get(n)));
            if (n > 0) {
                g.addBetween(
                        new RobotPose(robot, n - 1).key(),
                        new RobotPose(robot, n).key(),
                        se2(poses.get(n - 1).between(poses.get(n))),
                        info);
            }
        }
        return new RobotMap(robot, g, stepT, stepR);
    }

    private Result result() {
        Map<Character, List<TimedPose>> perRobot = new TreeMap<>();
        List<TimedPose> merged = new ArrayList<>();
        for (MapGroupMerge.Result g : groups) {
            for (char r : g.alignment().keySet()) {
                LocalSlam slam = slams.get(r);
                List<Pose2> nodes = new ArrayList<>();
                for (int n = 0; n < slam.nodes().size(); n++) {
                    SE2 p = g.graph().pose2(new RobotPose(r, n).key());
                    nodes.add(new Pose2(p.x(), p.y(), p.theta()));
                }
                slam.setGlobalPoses(nodes, Map.of());
                perRobot.put(r, slam.scanGlobalPoses());
                if (g == groups.get(0)) {
                    merged.addAll(slam.scanGlobalPoses());
                }
            }
        }
        merged.sort(Comparator.comparingDouble(TimedPose::time));
        Map<Character, double[]> nodeTimes = new TreeMap<>();
        for (Map.Entry<Character, LocalSlam> e : slams.entrySet()) {
            List<TrajectoryNode> ns = e.getValue().nodes();
            double[] t = new double[ns.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = ns.get(i).time();
            }
            nodeTimes.put(e.getKey(), t);
        }
        return new Result(
                segments,
                groups,
                List.copyOf(candidates),
                (int) recognition.verifications(),
                (int) recognition.windowedSearches(),
                merges,
                joinTimes,
                perRobot,
                merged,
                nodeTimes,
                List.copyOf(joinChecks));
    }

    static char robotName(int r) {
        return (char) ('a' + r);
    }

    private static SE2 se2(Pose2 p) {
        return new SE2(p.x(), p.y(), p.theta());
    }

    private static double sq(double x) {
        return x * x;
    }
}
