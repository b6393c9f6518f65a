package io.edgeflow.slam.collab;

import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.TrajectoryNode;
import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
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
 * The global mapper of one map group (a site, a fleet): fed every robot's {@link RobotUpdate}s —
 * its nodes, finished submaps and re-optimized poses, never raw scans — it finds inter-robot
 * closures, screens them and joins robots' maps into the group frame, and says what changed:
 * corrected poses of the robots joined to the group's first robot, in that robot's frame (the group
 * frame), and the tiles of the merged occupancy grid whose content changed.
 *
 * <p>Each finished submap queries the other robots' places ({@link PlaceRecognition}); verified
 * sightings become inter-robot closures, screened by {@link MapGroupMerge} (PCM, then the group
 * residual check) and, before two robots first share a group, by the map-agreement veto ({@link
 * RobotOccupancy}). Robots whose closures survive share a group; from then on their new nodes are
 * also searched, windowed, in each other's nearby submaps through the group's alignment, which
 * gives the merged map the dense closures a single robot's loop closing would have.
 *
 * <p>Updates are processed in the order given; the result depends on it (a join decided at one
 * update sees what the other robots sent before). Callers order them by robot time.
 */
public final class GlobalMapper {

    /**
     * @param group the map group's name (tiles carry it)
     * @param tileResolution merged grid cell size, m
     * @param tileSize cells per tile side
     * @param tileIntervalSeconds the merged grid is re-rendered at most this often (robot time)
     * @param poseMoveMetres a node's corrected pose is sent again when it moved this far
     * @param poseMoveRadians ... or turned this much since it was last sent
     */
    public record Settings(
            String group,
            double tileResolution,
            int tileSize,
            double tileIntervalSeconds,
            double poseMoveMetres,
            double poseMoveRadians) {
        public static Settings defaults(String group) {
            return new Settings(group, 0.1, 128, 10, 0.01, Math.toRadians(0.5));
        }
    }

    /**
     * A node's pose in the group frame: the corrected pose of the scan of frame {@code frameSeq}.
     */
    public record GlobalPose(int robot, long frameSeq, double time, Pose2 pose) {}

    /** What one update (or the end of data) changed for the group's consumers. */
    public record Emitted(List<GlobalPose> poses, List<MapTile> tiles) {
        static final Emitted NONE = new Emitted(List.of(), List.of());
    }

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

    /** One robot as the group knows it: what its updates said, plus its place in the group. */
    static final class Robot {
        final int id;
        final char letter;
        double startTime = Double.NaN;
        final List<TrajectoryNode> nodes = new ArrayList<>();
        final List<Long> frameSeqs = new ArrayList<>();
        final List<Pose2> nodeGlobal = new ArrayList<>();
        final Map<Integer, Submap> finished = new TreeMap<>();
        final Map<Integer, Pose2> submapGlobal = new TreeMap<>();
        final Map<Integer, List<TrajectoryNode>> members = new HashMap<>();
        // finished submaps pooled for the merged map, made when first drawn
        final Map<Integer, MergedTiles.Pooled> pooled = new HashMap<>();
        // the group solve's poses of the nodes it held; newer nodes go through toGroup
        final List<Pose2> solved = new ArrayList<>();
        // corrected poses as last sent, by node
        final List<Pose2> sent = new ArrayList<>();
        char groupRoot;
        Pose2 toGroup = Pose2.ORIGIN;
        double joinTime = Double.NaN;
        boolean joined;

        Robot(int id, char letter) {
            this.id = id;
            this.letter = letter;
            this.groupRoot = letter;
        }
    }

    private static final double OCCUPANCY_RESOLUTION = 0.1;

    private final Settings settings;
    private final CrossRobotSearch search;
    final PlaceRecognition recognition;
    private final double[] closureInformation;
    private final PairwiseConsistency.Settings pcm;
    final MergedTiles tiles;
    final Map<Integer, Robot> robots = new LinkedHashMap<>();
    final Map<Character, Robot> byLetter = new LinkedHashMap<>();
    final List<InterRobotClosure> candidates = new ArrayList<>();
    // robot pairs whose maps were found to agree under their alignment, and closures vetoed
    // because the maps they aligned disagreed
    final Set<String> approved = new TreeSet<>();
    final Set<InterRobotClosure> vetoed = new HashSet<>();
    final List<JoinCheck> joinChecks = new ArrayList<>();
    private List<MapGroupMerge.Result> groups = List.of();
    int merges;
    int windowedSinceMerge;
    double clock = Double.NEGATIVE_INFINITY;
    double nextTiles = Double.NEGATIVE_INFINITY;
    boolean mapChanged;
    long newestMicros;

    public GlobalMapper(Settings settings, LocalSlamConfig config, CrossRobotSearch search) {
        this.settings = settings;
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
        this.tiles =
                new MergedTiles(settings.group(), settings.tileResolution(), settings.tileSize());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Takes one robot's update. A robot's updates must come in its node order.
     *
     * @throws IllegalArgumentException for an update that does not continue the robot's map (a node
     *     index out of sequence, poses of nodes it never sent); the mapper is unchanged
     */
    public Emitted accept(RobotUpdate u) {
        validate(u, robots.get(u.robot()));
        Robot r = record(u);
        RobotUpdate.Node n = u.node();
        boolean inMain = inMainGroup(r);
        mapChanged |= inMain && (u.finishedSubmap() != null || u.optimized() != null);
        boolean changed = false;
        if (n != null && n.index() % search.windowedEveryNodes() == 0) {
            windowedSinceMerge += searchWindowed(r, n.index());
        }
        if (u.finishedSubmap() != null) {
            changed = searchPlaces(r, u.finishedSubmap().submap().index());
        }
        List<GlobalPose> poses = new ArrayList<>();
        if (changed || windowedSinceMerge >= search.refreshEveryClosures()) {
            mergeGroups(clock);
            for (Robot m : robots.values()) {
                correctedPoses(m, 0, poses);
            }
        } else if (u.optimized() != null) {
            correctedPoses(r, 0, poses);
        } else if (n != null) {
            correctedPoses(r, n.index(), poses);
        }
        List<MapTile> changedTiles = List.of();
        if (mapChanged && clock >= nextTiles) {
            changedTiles = renderTiles();
            nextTiles = clock + settings.tileIntervalSeconds();
        }
        return new Emitted(poses, changedTiles);
    }

    /** Takes in what an update says about its robot's map, deciding nothing. */
    Robot record(RobotUpdate u) {
        Robot r = robots.get(u.robot());
        if (r == null) {
            r = new Robot(u.robot(), (char) ('a' + robots.size()));
            robots.put(r.id, r);
            byLetter.put(r.letter, r);
        }
        RobotUpdate.Node n = u.node();
        if (n != null) {
            if (r.nodes.isEmpty()) {
                r.startTime = n.time();
            }
            TrajectoryNode node =
                    new TrajectoryNode(n.index(), n.time(), n.localPose(), n.points());
            r.nodes.add(node);
            r.frameSeqs.add(n.frameSeq());
            r.nodeGlobal.add(n.globalPose());
            for (int s : n.submaps()) {
                r.members.computeIfAbsent(s, k -> new ArrayList<>()).add(node);
            }
            clock = Math.max(clock, n.time() - r.startTime);
            newestMicros = Math.max(newestMicros, Math.round(n.time() * 1e6));
        }
        if (u.finishedSubmap() != null) {
            int s = u.finishedSubmap().submap().index();
            r.finished.put(s, Submap.fromState(u.finishedSubmap().submap()));
            r.submapGlobal.put(s, u.finishedSubmap().globalPose());
        }
        if (u.optimized() != null) {
            for (int i = 0; i < r.nodeGlobal.size(); i++) {
                r.nodeGlobal.set(i, u.optimized().nodes().get(i));
            }
            r.submapGlobal.putAll(u.optimized().submaps());
        }
        return r;
    }

    /** End of data: a last screening and solve of every group, and what it changed. */
    public Emitted finish() {
        mergeGroups(Double.NaN);
        List<GlobalPose> poses = new ArrayList<>();
        for (Robot m : robots.values()) {
            correctedPoses(m, 0, poses);
        }
        return new Emitted(poses, mapChanged ? renderTiles() : List.of());
    }

    private static void validate(RobotUpdate u, Robot r) {
        int nodes = r == null ? 0 : r.nodes.size();
        if (u.node() != null && u.node().index() != nodes) {
            throw new IllegalArgumentException(
                    "robot "
                            + Integer.toHexString(u.robot())
                            + ": node "
                            + u.node().index()
                            + " where node "
                            + nodes
                            + " was due");
        }
        int after = nodes + (u.node() != null ? 1 : 0);
        if (u.optimized() != null && u.optimized().nodes().size() != after) {
            throw new IllegalArgumentException(
                    "robot "
                            + Integer.toHexString(u.robot())
                            + ": poses of "
                            + u.optimized().nodes().size()
                            + " nodes for a map of "
                            + after);
        }
    }

    /** Descriptor-led search of a finished submap against robots outside this robot's group. */
    private boolean searchPlaces(Robot robot, int submapIndex) {
        Submap submap = robot.finished.get(submapIndex);
        List<TrajectoryNode> nodes = robot.members.getOrDefault(submapIndex, List.of());
        Set<Character> others = new TreeSet<>();
        for (Robot o : robots.values()) {
            if (o.groupRoot != robot.groupRoot) {
                others.add(o.letter);
            }
        }
        boolean added = false;
        for (PlaceRecognition.Sighting s :
                recognition.addSubmap(robot.letter, submap, nodes, others)) {
            candidates.add(
                    closure(
                            byLetter.get(s.mapRobot()),
                            s.mapSubmap(),
                            s.pose(),
                            robot,
                            s.queryNode()));
            added = true;
        }
        return added;
    }

    /** Windowed search of a new node in the nearby finished submaps of its group's robots. */
    private int searchWindowed(Robot robot, int nodeIndex) {
        TrajectoryNode node = robot.nodes.get(nodeIndex);
        Pose2 nodeInGroup = robot.toGroup.compose(robot.nodeGlobal.get(nodeIndex));
        record Near(Robot robot, Submap submap, Pose2 pose, double distance) {}
        List<Near> near = new ArrayList<>();
        for (Robot other : robots.values()) {
            if (other == robot || other.groupRoot != robot.groupRoot) {
                continue;
            }
            for (Map.Entry<Integer, Submap> e : other.finished.entrySet()) {
                Pose2 p = other.toGroup.compose(other.submapGlobal.get(e.getKey()));
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
            if (perRobot.merge(n.robot().letter, 1, Integer::sum) > search.windowedSubmaps()) {
                continue;
            }
            // the node in the submap's grid frame (the local frame it was built in)
            Pose2 estimate = n.submap().localPose().compose(n.pose().between(nodeInGroup));
            PlaceRecognition.Sighting s =
                    recognition.windowed(
                            robot.letter, node, n.robot().letter, n.submap(), estimate);
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
            Robot a, Submap submap, Pose2 nodeInGrid, Robot b, TrajectoryNode nodeB) {
        TrajectoryNode nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (TrajectoryNode n : a.members.getOrDefault(submap.index(), List.of())) {
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
                new RobotPose(a.letter, nearest.index()).key(),
                new RobotPose(b.letter, nodeB.index()).key(),
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
        for (Robot r : robots.values()) {
            if (!r.nodes.isEmpty()) {
                maps.put(r.letter, robotMap(r));
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
                    Robot x = byLetter.get(pair.getKey().charAt(0));
                    Robot y = byLetter.get(pair.getKey().charAt(1));
                    // only a pair that would join two groups is checked: inside a group, its
                    // closures face PCM and the group residual check like any other
                    if (connectedByApproved(x.letter, y.letter)) {
                        continue;
                    }
                    RobotOccupancy ox = occupancy.computeIfAbsent(x.letter, k -> occupancyOf(x));
                    RobotOccupancy oy = occupancy.computeIfAbsent(y.letter, k -> occupancyOf(y));
                    Pose2 yInX = frameInGroup(g.graph(), x).between(frameInGroup(g.graph(), y));
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
            for (char letter : g.alignment().keySet()) {
                Robot r = byLetter.get(letter);
                r.groupRoot = root;
                r.toGroup = frameInGroup(g.graph(), r);
                if (g.alignment().size() > 1 && !r.joined) {
                    r.joined = true;
                    r.joinTime = robotTime;
                }
                r.solved.clear();
                for (int n = 0; n < r.nodes.size(); n++) {
                    SE2 p = g.graph().pose2(new RobotPose(letter, n).key());
                    r.solved.add(new Pose2(p.x(), p.y(), p.theta()));
                }
            }
        }
        groups = solved;
        mapChanged = true;
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

    private static RobotOccupancy occupancyOf(Robot robot) {
        return RobotOccupancy.of(robot.finished, robot.submapGlobal, OCCUPANCY_RESOLUTION);
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
    private static Pose2 frameInGroup(PoseGraph g, Robot robot) {
        int last = robot.nodeGlobal.size() - 1;
        long key = new RobotPose(robot.letter, last).key();
        if (!g.hasPose(key)) {
            return Pose2.ORIGIN;
        }
        SE2 p = g.pose2(key);
        return new Pose2(p.x(), p.y(), p.theta())
                .compose(robot.nodeGlobal.get(last).between(Pose2.ORIGIN));
    }

    private RobotMap robotMap(Robot robot) {
        double stepT = sq(search.stepTranslationSigma()), stepR = sq(search.stepRotationSigma());
        PoseGraph g = PoseGraph.planar();
        List<Pose2> poses = robot.nodeGlobal;
        double[] info = {1 / stepT, 0, 0, 0, 1 / stepT, 0, 0, 0, 1 / stepR};
        for (int n = 0; n < poses.size(); n++) {
            g.addPose(new RobotPose(robot.letter, n).key(), se2(poses.get(n)));
            if (n > 0) {
                g.addBetween(
                        new RobotPose(robot.letter, n - 1).key(),
                        new RobotPose(robot.letter, n).key(),
                        se2(poses.get(n - 1).between(poses.get(n))),
                        info);
            }
        }
        return new RobotMap(robot.letter, g, stepT, stepR);
    }

    /** Whether a robot shares the group of the first robot, whose frame is the group frame. */
    private boolean inMainGroup(Robot r) {
        return !robots.isEmpty() && r.groupRoot == robots.values().iterator().next().groupRoot;
    }

    /** A node's pose in its group's frame: the last group solve's, or through the alignment. */
    private static Pose2 corrected(Robot r, int node) {
        return node < r.solved.size()
                ? r.solved.get(node)
                : r.toGroup.compose(r.nodeGlobal.get(node));
    }

    /** Adds the corrected poses of {@code r}'s nodes from {@code from} on that moved since sent. */
    private void correctedPoses(Robot r, int from, List<GlobalPose> out) {
        if (!inMainGroup(r)) {
            return;
        }
        for (int n = from; n < r.nodes.size(); n++) {
            Pose2 p = corrected(r, n);
            Pose2 last = n < r.sent.size() ? r.sent.get(n) : null;
            if (last != null
                    && Math.hypot(p.x() - last.x(), p.y() - last.y()) < settings.poseMoveMetres()
                    && Math.abs(Pose2.normalizeAngle(p.theta() - last.theta()))
                            < settings.poseMoveRadians()) {
                continue;
            }
            while (r.sent.size() <= n) {
                r.sent.add(null);
            }
            r.sent.set(n, p);
            out.add(new GlobalPose(r.id, r.frameSeqs.get(n), r.nodes.get(n).time(), p));
        }
    }

    /** The merged grid of the group's first robot and those joined to it: changed tiles. */
    private List<MapTile> renderTiles() {
        mapChanged = false;
        List<MergedTiles.PlacedGrid> placed = new ArrayList<>();
        for (Robot r : robots.values()) {
            if (!inMainGroup(r)) {
                continue;
            }
            for (Submap s : r.finished.values()) {
                MergedTiles.Pooled pooled =
                        r.pooled.computeIfAbsent(
                                s.index(),
                                k -> MergedTiles.Pooled.of(s.grid(), settings.tileResolution()));
                placed.add(new MergedTiles.PlacedGrid(pooled, gridInGroup(r, s)));
            }
        }
        return tiles.update(placed, newestMicros);
    }

    /**
     * A submap's grid frame (its robot's local frame) in the group frame, through the corrected
     * pose of the middle node inserted into it.
     */
    private static Pose2 gridInGroup(Robot r, Submap s) {
        List<TrajectoryNode> m = r.members.get(s.index());
        if (m == null || m.isEmpty()) {
            return r.toGroup
                    .compose(r.submapGlobal.get(s.index()))
                    .compose(s.localPose().between(Pose2.ORIGIN));
        }
        TrajectoryNode node = m.get(m.size() / 2);
        return corrected(r, node.index()).compose(node.localPose().between(Pose2.ORIGIN));
    }

    // ---- read access for drivers and evaluation

    /** The solved groups of the last screening, the first holding the first robot. */
    public List<MapGroupMerge.Result> groups() {
        return groups;
    }

    public List<InterRobotClosure> candidates() {
        return List.copyOf(candidates);
    }

    /** Inter-robot closures the last screening accepted, over all groups. */
    public int acceptedClosures() {
        int n = 0;
        for (MapGroupMerge.Result g : groups) {
            n += g.accepted().size();
        }
        return n;
    }

    public List<JoinCheck> joinChecks() {
        return List.copyOf(joinChecks);
    }

    public int merges() {
        return merges;
    }

    public long verifications() {
        return recognition.verifications();
    }

    public long windowedSearches() {
        return recognition.windowedSearches();
    }

    /** The letter of a robot in pose keys ({@link RobotPose}), by its id. */
    public char letterOf(int robot) {
        return robots.get(robot).letter;
    }

    /** Robot time (since its first node) when a robot first shared a group, NaN at end of data. */
    public Map<Character, Double> joinTimes() {
        Map<Character, Double> out = new TreeMap<>();
        for (Robot r : robots.values()) {
            if (r.joined) {
                out.put(r.letter, r.joinTime);
            }
        }
        return out;
    }

    /** Corrected pose of every node of a robot, in its group's frame. */
    public List<Pose2> correctedNodePoses(int robot) {
        Robot r = robots.get(robot);
        List<Pose2> out = new ArrayList<>();
        for (int n = 0; n < r.nodes.size(); n++) {
            out.add(corrected(r, n));
        }
        return out;
    }

    /** Time of every node of each robot, by letter. */
    public Map<Character, double[]> nodeTimes() {
        Map<Character, double[]> out = new TreeMap<>();
        for (Robot r : robots.values()) {
            double[] t = new double[r.nodes.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = r.nodes.get(i).time();
            }
            out.put(r.letter, t);
        }
        return out;
    }

    private static SE2 se2(Pose2 p) {
        return new SE2(p.x(), p.y(), p.theta());
    }

    private static double sq(double x) {
        return x * x;
    }
}
