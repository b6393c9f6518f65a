package io.edgeflow.slam;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.loopclosure.SearchRequest;
import io.edgeflow.slam.loopclosure.SolveRequest;
import io.edgeflow.slam.mapping2d.MotionFilter;
import io.edgeflow.slam.mapping2d.SubmapState;
import java.util.List;
import java.util.Map;

/**
 * The complete state of a {@link LocalSlam}, as plain records and collections. For keyed state the
 * natural split is: the finished submaps are immutable and go one entry per submap (or per tile)
 * into a map state, written once; the two active submaps change with every node; nodes, constraints
 * and scan poses only grow, so they can be appended to list state. Derived data (precomputed
 * branch-and-bound grids, probability caches) is rebuilt on restore and never stored.
 *
 * @param lastOdometry null before the first scan or for robots without odometry
 * @param lastNode the last scan that passed the motion filter, null before the first
 * @param nodeGlobalPoses the pose graph's current solution (the graph itself is rebuilt from these,
 *     the submap poses and the constraints)
 * @param pendingSearches loop-closure searches whose closures have not entered the graph yet; a
 *     restored engine runs them again
 * @param pendingSolve the pose-graph solve whose solution has not been applied yet, null if none; a
 *     restored engine runs it again
 */
public record LocalSlamState(
        double lastTime,
        Pose2 lastLocalPose,
        Pose2 lastOdometry,
        MotionFilter.Last lastNode,
        int nextSubmapIndex,
        List<SubmapState> activeSubmaps,
        List<SubmapState> finishedSubmaps,
        List<TrajectoryNode> nodes,
        List<Pose2> nodeGlobalPoses,
        Map<Integer, Pose2> submapLocalPoses,
        Map<Integer, Pose2> submapGlobalPoses,
        List<Constraint> constraints,
        List<ScanPose> scanPoses,
        int nodesSinceOptimization,
        int loopClosuresSinceOptimization,
        List<SearchRequest> pendingSearches,
        SolveRequest pendingSolve) {}
