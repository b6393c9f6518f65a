package io.edgeflow.slam.loopclosure;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.Submap;
import io.edgeflow.slam.scanmatching.BranchAndBoundScanMatcher;
import io.edgeflow.slam.scanmatching.NonlinearScanMatcher;
import io.edgeflow.slam.scanmatching.ScanMatchResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds loop-closure constraints: a node's scan matched against a finished submap by
 * branch-and-bound (in a window around where the current estimate puts it, or over the whole submap
 * and all headings), accepted above a score threshold and refined to sub-cell accuracy. The
 * precomputed grids of recently used submaps are cached; they are derived data, rebuilt on demand,
 * never checkpointed. Not thread-safe: one thread searches at a time (the count may be read from
 * any).
 */
public final class ConstraintBuilder {
    private static final int CACHED_SUBMAPS = 32;

    private final LoopClosureConfig config;
    private final NonlinearScanMatcher refiner;
    private final Map<Integer, BranchAndBoundScanMatcher> matchers =
            new LinkedHashMap<>(CACHED_SUBMAPS, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(
                        Map.Entry<Integer, BranchAndBoundScanMatcher> e) {
                    return size() > CACHED_SUBMAPS;
                }
            };
    private final AtomicLong searches = new AtomicLong();

    public ConstraintBuilder(LoopClosureConfig config, NonlinearScanMatcher refiner) {
        this.config = config;
        this.refiner = refiner;
    }

    public long searches() {
        return searches.get();
    }

    /**
     * Searches for node {@code nodeIndex} (points in the robot frame) in a finished submap.
     *
     * @param submapGlobal the submap's current global pose
     * @param nodeGlobal the node's current global pose
     * @param global search the whole submap at every heading instead of a window
     * @return the constraint, or null if nothing scored above the threshold
     */
    public Constraint search(
            Submap submap,
            Pose2 submapGlobal,
            int nodeIndex,
            PointSet points,
            Pose2 nodeGlobal,
            boolean global) {
        if (!submap.finished()) {
            throw new IllegalArgumentException("loop closures only against finished submaps");
        }
        searches.incrementAndGet();
        BranchAndBoundScanMatcher matcher =
                matchers.computeIfAbsent(
                        submap.index(),
                        i ->
                                new BranchAndBoundScanMatcher(
                                        submap.grid(), config.branchAndBoundDepth()));
        // Estimate of the node in the submap's grid frame (the local frame it was built in).
        Pose2 initial = submap.localPose().compose(submapGlobal.between(nodeGlobal));
        ScanMatchResult found;
        if (global) {
            var g = submap.grid();
            double extent = Math.max(g.width(), g.height()) * g.resolution();
            double cx = (g.minCellX() + g.width() / 2.0) * g.resolution();
            double cy = (g.minCellY() + g.height() / 2.0) * g.resolution();
            found =
                    matcher.match(
                            new Pose2(cx, cy, initial.theta()),
                            points,
                            extent / 2,
                            Math.PI,
                            config.globalMinScore());
        } else {
            found =
                    matcher.match(
                            initial,
                            points,
                            config.linearWindow(),
                            config.angularWindow(),
                            config.minScore());
        }
        if (found == null) {
            return null;
        }
        ScanMatchResult refined = refiner.match(submap.grid(), found.pose(), found.pose(), points);
        Pose2 relative = submap.localPose().between(refined.pose());
        return new Constraint(
                submap.index(),
                nodeIndex,
                relative,
                config.translationWeight(),
                config.rotationWeight(),
                Constraint.Kind.LOOP_CLOSURE,
                found.score());
    }
}
