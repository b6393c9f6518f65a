package io.edgeflow.slam;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.loopclosure.ConstraintBuilder;
import io.edgeflow.slam.loopclosure.PoseGraphSolution;
import io.edgeflow.slam.loopclosure.SearchRequest;
import io.edgeflow.slam.loopclosure.SolveRequest;
import io.edgeflow.slam.loopclosure.SubmapPoseGraph;
import io.edgeflow.slam.mapping2d.ActiveSubmaps;
import io.edgeflow.slam.mapping2d.MotionFilter;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.RangeData;
import io.edgeflow.slam.mapping2d.RangeDataBuilder;
import io.edgeflow.slam.mapping2d.RangeDataInserter;
import io.edgeflow.slam.mapping2d.Submap;
import io.edgeflow.slam.mapping2d.SubmapState;
import io.edgeflow.slam.mapping2d.VoxelFilter;
import io.edgeflow.slam.scanmatching.NonlinearScanMatcher;
import io.edgeflow.slam.scanmatching.RealTimeCorrelativeScanMatcher;
import io.edgeflow.slam.scanmatching.ScanMatchResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The SLAM engine for one robot: feed it scans in time order ({@link #addScan}); each is predicted
 * from odometry (the odometry delta since the previous scan, so gaps in the scans are bridged by
 * what the wheels measured, never by extrapolating a velocity), matched against the current submap
 * (correlative search, then Levenberg–Marquardt refinement), inserted into the active submaps if
 * the motion filter lets it through, and — as a node — searched for loop closures against finished
 * submaps. Its whole state is plain data ({@link #state()} / {@link #fromState}), with grids as
 * tiles, so a keyed operator can checkpoint it.
 *
 * <p>Loop-closure searches run on the executor the engine is given, off the per-scan path: the
 * searches for node n are decided when n is added (targets and estimates in a {@link
 * SearchRequest}) and their closures enter the pose graph when node n + {@code searchDelayNodes} is
 * added, waiting for them only if they are not done by then. Pose-graph solves run there too: when
 * closures have come and enough nodes passed, a snapshot of the graph (the first n nodes, their
 * submaps and constraints, at their poses then) is solved on the executor and the solution applied
 * when node n − 1 + {@code searchDelayNodes} is added, nodes and submaps added since carried along
 * with the last solved node. These fixed points make the result independent of the executor: an
 * engine searching and solving on the calling thread computes the same poses.
 */
public final class LocalSlam {
    private final LocalSlamConfig config;
    private final RangeDataBuilder rangeDataBuilder;
    private final MotionFilter motionFilter;
    private final RealTimeCorrelativeScanMatcher correlativeMatcher;
    private final NonlinearScanMatcher nonlinearMatcher;
    private final ActiveSubmaps activeSubmaps;
    private final ConstraintBuilder constraintBuilder;
    private int nodesSinceOptimization;
    private int loopClosuresSinceOptimization;

    // Weights (1/σ) of local SLAM's own constraints: node in submap, and node-to-node motion.
    private static final double INTRA_TRANSLATION_WEIGHT = 500;
    private static final double INTRA_ROTATION_WEIGHT = 1600;
    private static final double MOTION_TRANSLATION_WEIGHT = 1e5;
    private static final double MOTION_ROTATION_WEIGHT = 1e5;
    private static final double HUBER_SCALE = 10;

    private double lastTime = Double.NEGATIVE_INFINITY;
    private Pose2 lastLocalPose;
    private Pose2 lastOdometry;
    private MotionFilter.Last lastNode;
    private final Map<Integer, Submap> finishedSubmaps = new TreeMap<>();
    private final List<TrajectoryNode> nodes = new ArrayList<>();
    private final List<Pose2> nodeGlobalPoses = new ArrayList<>();
    private final Map<Integer, Pose2> submapGlobalPoses = new TreeMap<>();
    private final Map<Integer, Pose2> submapLocalPoses = new TreeMap<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private final List<ScanPose> scanPoses = new ArrayList<>();
    private final Executor searchExecutor;
    private final ArrayDeque<PendingSearch> pendingSearches = new ArrayDeque<>();
    private PendingSolve pendingSolve;

    private record PendingSearch(
            SearchRequest request, CompletableFuture<List<Constraint>> found) {}

    private record PendingSolve(
            SolveRequest request, CompletableFuture<PoseGraphSolution> solution) {}

    /** An engine that runs its loop-closure searches on the calling thread. */
    public LocalSlam(LocalSlamConfig config) {
        this(config, Runnable::run);
    }

    /**
     * @param searchExecutor runs loop-closure searches; one search at a time per engine (a
     *     single-thread executor may serve many engines)
     */
    public LocalSlam(LocalSlamConfig config, Executor searchExecutor) {
        this.config = config;
        this.searchExecutor = searchExecutor;
        this.rangeDataBuilder =
                new RangeDataBuilder(
                        config.minRange(), config.maxRange(), config.missingRayLength());
        this.motionFilter =
                new MotionFilter(
                        config.motionMaxTime(),
                        config.motionMaxDistance(),
                        config.motionMaxAngle());
        this.correlativeMatcher =
                new RealTimeCorrelativeScanMatcher(
                        config.correlativeLinearWindow(),
                        config.correlativeAngularWindow(),
                        0.1,
                        0.1);
        this.nonlinearMatcher =
                new NonlinearScanMatcher(
                        config.occupiedWeight(),
                        config.translationWeight(),
                        config.rotationWeight(),
                        20);
        this.activeSubmaps =
                new ActiveSubmaps(
                        config.scansPerSubmap(),
                        config.resolution(),
                        new RangeDataInserter(config.hitProbability(), config.missProbability()));
        this.constraintBuilder =
                new ConstraintBuilder(
                        config.loopClosure(),
                        new NonlinearScanMatcher(config.occupiedWeight(), 0.0, 0.0, 20));
    }

    /** The engine's state as plain data (copies; the engine can go on afterwards). */
    public LocalSlamState state() {
        List<SubmapState> finished = new ArrayList<>();
        for (Submap s : finishedSubmaps.values()) {
            finished.add(s.state());
        }
        return state(finished);
    }

    /**
     * The state without its finished submaps (an empty list): what a checkpoint writes again, the
     * finished submaps having been handed out once each, as {@link ScanResult#finishedSubmap()}.
     */
    public LocalSlamState workingState() {
        return state(List.of());
    }

    private LocalSlamState state(List<SubmapState> finished) {
        List<SubmapState> active = new ArrayList<>();
        for (Submap s : activeSubmaps.submaps()) {
            active.add(s.state());
        }
        return new LocalSlamState(
                lastTime,
                lastLocalPose,
                lastOdometry,
                lastNode,
                activeSubmaps.nextIndex(),
                active,
                finished,
                List.copyOf(nodes),
                List.copyOf(nodeGlobalPoses),
                Map.copyOf(submapLocalPoses),
                Map.copyOf(submapGlobalPoses),
                List.copyOf(constraints),
                List.copyOf(scanPoses),
                nodesSinceOptimization,
                loopClosuresSinceOptimization,
                pendingSearches.stream().map(PendingSearch::request).toList(),
                pendingSolve == null ? null : pendingSolve.request());
    }

    /** An engine that continues exactly where the one that produced {@code state} was. */
    public static LocalSlam fromState(LocalSlamConfig config, LocalSlamState state) {
        return fromState(config, state, Runnable::run);
    }

    /** As {@link #fromState(LocalSlamConfig, LocalSlamState)}, searching on the given executor. */
    public static LocalSlam fromState(
            LocalSlamConfig config, LocalSlamState state, Executor searchExecutor) {
        LocalSlam slam = new LocalSlam(config, searchExecutor);
        slam.lastTime = state.lastTime();
        slam.lastLocalPose = state.lastLocalPose();
        slam.lastOdometry = state.lastOdometry();
        slam.lastNode = state.lastNode();
        slam.activeSubmaps.restore(state.activeSubmaps(), state.nextSubmapIndex());
        for (SubmapState s : state.finishedSubmaps()) {
            slam.finishedSubmaps.put(s.index(), Submap.fromState(s));
        }
        slam.nodes.addAll(state.nodes());
        slam.nodeGlobalPoses.addAll(state.nodeGlobalPoses());
        slam.submapLocalPoses.putAll(state.submapLocalPoses());
        slam.submapGlobalPoses.putAll(state.submapGlobalPoses());
        slam.constraints.addAll(state.constraints());
        slam.scanPoses.addAll(state.scanPoses());
        slam.nodesSinceOptimization = state.nodesSinceOptimization();
        slam.loopClosuresSinceOptimization = state.loopClosuresSinceOptimization();
        // Searches and a solve in flight when the state was taken run again: same inputs (the
        // snapshot's poses have not moved since), same results.
        for (SearchRequest r : state.pendingSearches()) {
            slam.submit(r);
        }
        if (state.pendingSolve() != null) {
            slam.submit(state.pendingSolve());
        }
        return slam;
    }

    public LocalSlamConfig config() {
        return config;
    }

    /**
     * Processes one scan; scans must come in non-decreasing time order.
     *
     * @throws RejectedScanException (state unchanged) for a scan older than its predecessor or
     *     without a single usable beam
     */
    public ScanResult addScan(SlamScan scan) {
        if (scan.time() < lastTime) {
            throw new RejectedScanException(
                    "scan_out_of_order", "scan at " + scan.time() + " is older than " + lastTime);
        }
        RangeData rangeData =
                rangeDataBuilder.build(
                        scan.angleMin(),
                        scan.angleIncrement(),
                        scan.ranges(),
                        scan.sensorMaxRange(),
                        scan.sensorOffset());
        if (rangeData.hits().size() == 0 && rangeData.misses().size() == 0) {
            throw new RejectedScanException(
                    "no_valid_beams",
                    "none of the scan's "
                            + scan.ranges().length
                            + " beams is a usable reading (all NaN, negative or below the"
                            + " minimum range)");
        }
        PointSet matchPoints =
                VoxelFilter.adaptive(
                        rangeData.hits(),
                        config.matchingVoxelMaxLength(),
                        config.matchingMinPoints(),
                        config.maxRange());
        Pose2 predicted = predict(scan.odometry());
        boolean predictedFromOdometry = scan.odometry() != null && lastOdometry != null;
        lastTime = scan.time();
        lastOdometry = scan.odometry();

        Submap matching = activeSubmaps.matchingSubmap();
        Pose2 pose = predicted;
        double score = 0;
        if (matching != null && matchPoints.size() > 0) {
            // The odometry prediction is the prior: along a featureless corridor the map pins
            // nothing and the wheels must carry the pose. Without odometry the correlative
            // match stands in for it.
            ScanMatchResult coarse =
                    correlativeMatcher.match(
                            matching.grid(),
                            predicted,
                            matchPoints,
                            predictedFromOdometry
                                    ? config.correlativeOdometryAngularWindow()
                                    : config.correlativeAngularWindow());
            Pose2 prior = predictedFromOdometry ? predicted : coarse.pose();
            ScanMatchResult fine =
                    nonlinearMatcher.match(matching.grid(), coarse.pose(), prior, matchPoints);
            pose = fine.pose();
            score = fine.score();
        }
        lastLocalPose = pose;

        if (motionFilter.isSimilar(lastNode, scan.time(), pose)) {
            TrajectoryNode ref = nodes.get(nodes.size() - 1);
            scanPoses.add(new ScanPose(scan.time(), ref.index(), ref.localPose().between(pose)));
            return new ScanResult(
                    scan.time(), pose, globalOf(ref.index(), pose), score, -1, null, List.of());
        }
        lastNode = new MotionFilter.Last(scan.time(), pose);
        return addNode(scan.time(), pose, score, rangeData, matchPoints);
    }

    private Pose2 predict(Pose2 odometry) {
        if (lastLocalPose == null) {
            return Pose2.ORIGIN;
        }
        if (odometry == null || lastOdometry == null) {
            return lastLocalPose;
        }
        return lastLocalPose.compose(lastOdometry.between(odometry));
    }

    private ScanResult addNode(
            double time, Pose2 pose, double score, RangeData rangeData, PointSet matchPoints) {
        int index = nodes.size();
        applySolutionDueAt(index);
        // Local → global transform of the trajectory's newest submap carries new poses along with
        // what the last optimization did.
        Pose2 localToGlobal = localToGlobal();
        TrajectoryNode node = new TrajectoryNode(index, time, pose, matchPoints);
        nodes.add(node);
        nodeGlobalPoses.add(localToGlobal.compose(pose));
        scanPoses.add(new ScanPose(time, index, Pose2.ORIGIN));

        RangeData insertion =
                new RangeData(
                                rangeData.origin(),
                                VoxelFilter.filter(rangeData.hits(), config.insertionVoxel()),
                                rangeData.misses())
                        .transformed(pose);
        ActiveSubmaps.Insertion ins = activeSubmaps.insert(insertion, pose);
        for (Submap s : ins.insertedInto()) {
            if (!submapLocalPoses.containsKey(s.index())) {
                submapLocalPoses.put(s.index(), s.localPose());
                submapGlobalPoses.put(s.index(), localToGlobal.compose(s.localPose()));
            }
        }
        for (Submap s : ins.insertedInto()) {
            Constraint c =
                    new Constraint(
                            s.index(),
                            index,
                            s.localPose().between(pose),
                            INTRA_TRANSLATION_WEIGHT,
                            INTRA_ROTATION_WEIGHT,
                            Constraint.Kind.INTRA_SUBMAP,
                            score);
            constraints.add(c);
        }
        SubmapState finishedState = null;
        if (ins.finished() != null) {
            finishedSubmaps.put(ins.finished().index(), ins.finished());
            finishedState = ins.finished().state();
        }
        List<Constraint> closures = closuresDueAt(index);
        if (config.loopClosure().enabled()) {
            SearchRequest request = searchRequest(node, ins.insertedInto());
            if (!request.targets().isEmpty()) {
                submit(request);
            }
        }
        constraints.addAll(closures);
        loopClosuresSinceOptimization += closures.size();
        nodesSinceOptimization++;
        if (pendingSolve == null
                && loopClosuresSinceOptimization > 0
                && nodesSinceOptimization >= config.loopClosure().optimizeEveryNodes()) {
            submit(new SolveRequest(nodes.size(), submapGlobalPoses.size(), constraints.size()));
            nodesSinceOptimization = 0;
            loopClosuresSinceOptimization = 0;
        }
        return new ScanResult(
                time, pose, nodeGlobalPoses.get(index), score, index, finishedState, closures);
    }

    /** Solves the whole pose graph now and moves every node and submap to the solution. */
    public void optimize() {
        applySolutionDueAt(Integer.MAX_VALUE);
        apply(solve(new SolveRequest(nodes.size(), submapGlobalPoses.size(), constraints.size())));
        nodesSinceOptimization = 0;
        loopClosuresSinceOptimization = 0;
    }

    /**
     * The snapshot's problem, from the engine's data as it is now (call on the engine's thread).
     */
    private Callable<PoseGraphSolution> solveTask(SolveRequest r) {
        List<TrajectoryNode> snapshotNodes = List.copyOf(nodes.subList(0, r.nodeCount()));
        List<Pose2> nodeGlobals = List.copyOf(nodeGlobalPoses.subList(0, r.nodeCount()));
        List<Pose2> submapGlobals = new ArrayList<>(r.submapCount());
        for (int j = 0; j < r.submapCount(); j++) {
            submapGlobals.add(submapGlobalPoses.get(j));
        }
        List<Constraint> snapshotConstraints =
                List.copyOf(constraints.subList(0, r.constraintCount()));
        return () ->
                PoseGraphSolution.solve(
                        snapshotNodes,
                        nodeGlobals,
                        submapGlobals,
                        snapshotConstraints,
                        new SubmapPoseGraph(HUBER_SCALE, 20),
                        MOTION_TRANSLATION_WEIGHT,
                        MOTION_ROTATION_WEIGHT);
    }

    private PoseGraphSolution solve(SolveRequest r) {
        try {
            return solveTask(r).call();
        } catch (Exception e) {
            throw new IllegalStateException("pose-graph solve failed", e);
        }
    }

    /** Starts a snapshot's solve on the search executor. */
    private void submit(SolveRequest r) {
        Callable<PoseGraphSolution> task = solveTask(r);
        pendingSolve =
                new PendingSolve(
                        r,
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return task.call();
                                    } catch (Exception e) {
                                        throw new IllegalStateException(
                                                "pose-graph solve failed", e);
                                    }
                                },
                                searchExecutor));
    }

    /** Applies the pending solution if it is due when node {@code index} is added. */
    private void applySolutionDueAt(int index) {
        if (pendingSolve == null
                || (long) pendingSolve.request().nodeCount()
                                - 1
                                + config.loopClosure().searchDelayNodes()
                        > index) {
            return;
        }
        PoseGraphSolution solution = pendingSolve.solution().join();
        pendingSolve = null;
        apply(solution);
    }

    /**
     * Moves the snapshot's nodes and submaps to the solution, and what was added since rigidly with
     * the snapshot's last node (local SLAM put them relative to it).
     */
    private void apply(PoseGraphSolution solution) {
        int solvedNodes = solution.nodes().size();
        Pose2 oldLast = nodeGlobalPoses.get(solvedNodes - 1);
        Pose2 newLast = solution.nodes().get(solvedNodes - 1);
        for (int i = 0; i < nodeGlobalPoses.size(); i++) {
            nodeGlobalPoses.set(
                    i,
                    i < solvedNodes
                            ? solution.nodes().get(i)
                            : newLast.compose(oldLast.between(nodeGlobalPoses.get(i))));
        }
        for (Map.Entry<Integer, Pose2> e : submapGlobalPoses.entrySet()) {
            int j = e.getKey();
            e.setValue(
                    j < solution.submaps().size()
                            ? solution.submaps().get(j)
                            : newLast.compose(oldLast.between(e.getValue())));
        }
    }

    /**
     * End of data: waits for the searches and the solve still running, then a last solve if
     * closures came.
     */
    public void finish() {
        List<Constraint> closures = closuresDueAt(Integer.MAX_VALUE);
        constraints.addAll(closures);
        loopClosuresSinceOptimization += closures.size();
        applySolutionDueAt(Integer.MAX_VALUE);
        if (loopClosuresSinceOptimization > 0) {
            optimize();
        }
    }

    private Pose2 localToGlobal() {
        if (submapLocalPoses.isEmpty()) {
            return Pose2.ORIGIN;
        }
        int newest = ((TreeMap<Integer, Pose2>) submapLocalPoses).lastKey();
        return submapGlobalPoses
                .get(newest)
                .compose(submapLocalPoses.get(newest).between(Pose2.ORIGIN));
    }

    /** The searches for a new node: none, windowed ones nearby, or global ones (by config). */
    private SearchRequest searchRequest(TrajectoryNode node, List<Submap> own) {
        var lc = config.loopClosure();
        List<SearchRequest.Target> targets = new ArrayList<>();
        Pose2 nodeGlobal = nodeGlobalPoses.get(node.index());
        // Deterministic sampling: a node is searched when the running count crosses an integer.
        boolean sampled =
                Math.floor((node.index() + 1) * lc.samplingRatio())
                        > Math.floor(node.index() * lc.samplingRatio());
        boolean global =
                lc.globalEveryNodes() > 0
                        && node.index() % lc.globalEveryNodes() == 0
                        && node.index() > 0;
        if (!sampled && !global) {
            return new SearchRequest(node.index(), nodeGlobal, targets);
        }
        int oldestOwn = own.get(0).index();
        List<Submap> nearby = new ArrayList<>();
        for (Submap s : finishedSubmaps.values()) {
            // The submaps just before the active ones share scans with them and are tied to them
            // by local SLAM already; closures are about coming back.
            if (s.index() >= oldestOwn - lc.skipRecentSubmaps()) {
                continue;
            }
            Pose2 sg = submapGlobalPoses.get(s.index());
            double d = Math.hypot(sg.x() - nodeGlobal.x(), sg.y() - nodeGlobal.y());
            if (sampled && d <= lc.maxDistance()) {
                nearby.add(s);
            } else if (global) {
                targets.add(new SearchRequest.Target(s.index(), sg, true));
            }
        }
        // Bounded work per node: a few submaps only, so a robot that keeps to a small area (many
        // submaps around it) costs no more per scan than one exploring. Successive sampled nodes
        // take successive slices of the nearby submaps, nearest first: the robot's own recent
        // submaps, always nearest, cannot crowd out the older ones a revisit should close on.
        nearby.sort(
                Comparator.comparingDouble(
                        s -> {
                            Pose2 sg = submapGlobalPoses.get(s.index());
                            return Math.hypot(sg.x() - nodeGlobal.x(), sg.y() - nodeGlobal.y());
                        }));
        int count = Math.min(nearby.size(), lc.maxSearchesPerNode());
        long sampledSoFar = (long) Math.floor((node.index() + 1) * lc.samplingRatio());
        int first = nearby.isEmpty() ? 0 : (int) ((sampledSoFar * count) % nearby.size());
        for (int k = 0; k < count; k++) {
            Submap s = nearby.get((first + k) % nearby.size());
            targets.add(
                    new SearchRequest.Target(s.index(), submapGlobalPoses.get(s.index()), false));
        }
        return new SearchRequest(node.index(), nodeGlobal, targets);
    }

    /** Starts a request's searches on the search executor. */
    private void submit(SearchRequest request) {
        PointSet points = nodes.get(request.nodeIndex()).points();
        List<Submap> submaps = new ArrayList<>();
        for (SearchRequest.Target t : request.targets()) {
            submaps.add(finishedSubmaps.get(t.submapIndex()));
        }
        CompletableFuture<List<Constraint>> found =
                CompletableFuture.supplyAsync(
                        () -> {
                            List<Constraint> out = new ArrayList<>();
                            for (int i = 0; i < submaps.size(); i++) {
                                SearchRequest.Target t = request.targets().get(i);
                                Constraint c =
                                        constraintBuilder.search(
                                                submaps.get(i),
                                                t.submapGlobal(),
                                                request.nodeIndex(),
                                                points,
                                                request.nodeGlobal(),
                                                t.global());
                                if (c != null) {
                                    out.add(c);
                                }
                            }
                            return out;
                        },
                        searchExecutor);
        pendingSearches.add(new PendingSearch(request, found));
    }

    /** Closures of the searches due when node {@code index} is added, in request order. */
    private List<Constraint> closuresDueAt(int index) {
        List<Constraint> due = new ArrayList<>();
        long delay = config.loopClosure().searchDelayNodes();
        while (!pendingSearches.isEmpty()
                && pendingSearches.peek().request().nodeIndex() + delay <= index) {
            due.addAll(pendingSearches.poll().found().join());
        }
        return due;
    }

    private Pose2 globalOf(int nodeIndex, Pose2 localPose) {
        TrajectoryNode ref = nodes.get(nodeIndex);
        return nodeGlobalPoses.get(nodeIndex).compose(ref.localPose().between(localPose));
    }

    public List<TrajectoryNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<Pose2> nodeGlobalPoses() {
        return Collections.unmodifiableList(nodeGlobalPoses);
    }

    public List<Constraint> constraints() {
        return Collections.unmodifiableList(constraints);
    }

    /** Submaps with their current global poses: the finished ones and the active ones. */
    public Map<Integer, Submap> submaps() {
        Map<Integer, Submap> all = new TreeMap<>(finishedSubmaps);
        for (Submap s : activeSubmaps.submaps()) {
            all.put(s.index(), s);
        }
        return all;
    }

    public Map<Integer, Pose2> submapGlobalPoses() {
        return Collections.unmodifiableMap(submapGlobalPoses);
    }

    public int loopClosureCount() {
        int n = 0;
        for (Constraint c : constraints) {
            if (c.kind() == Constraint.Kind.LOOP_CLOSURE) {
                n++;
            }
        }
        return n;
    }

    public long loopClosureSearches() {
        return constraintBuilder.searches();
    }

    /** The global pose of every scan so far, in time order. */
    public List<TimedPose> scanGlobalPoses() {
        List<TimedPose> out = new ArrayList<>(scanPoses.size());
        for (ScanPose sp : scanPoses) {
            out.add(
                    new TimedPose(
                            sp.time(),
                            nodeGlobalPoses.get(sp.nodeIndex()).compose(sp.relativeToNode())));
        }
        return out;
    }

    /** Replaces node and submap global poses, e.g. with a pose-graph solution. */
    public void setGlobalPoses(List<Pose2> nodes, Map<Integer, Pose2> submaps) {
        if (nodes.size() != nodeGlobalPoses.size()) {
            throw new IllegalArgumentException("expected " + nodeGlobalPoses.size() + " nodes");
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodeGlobalPoses.set(i, nodes.get(i));
        }
        submapGlobalPoses.putAll(submaps);
    }
}
