package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.SubmapState;
import java.util.List;
import java.util.Map;

/**
 * What one robot's local SLAM tells its map group's {@link GlobalMapper} after a scan: never the
 * raw scan, only what changed in the robot's own map. One update per trajectory node (a scan that
 * passed the motion filter), plus one at the end of data if the last solve moved poses; its parts
 * apply in order node, submap, poses.
 *
 * @param robot the robot's node id
 * @param node the new node, or null
 * @param finishedSubmap the submap this node finished, or null
 * @param optimized every node's and finished submap's pose after a solve of the robot's pose graph
 *     that moved them, or null
 */
public record RobotUpdate(
        int robot, Node node, FinishedSubmap finishedSubmap, OptimizedPoses optimized) {

    /**
     * A trajectory node: what the cross-robot search matches (its points) and where it is.
     *
     * @param frameSeq sequence number of the scan's frame (the corrected pose is that scan's)
     * @param localPose pose in the robot's local SLAM frame, fixed once matched
     * @param globalPose pose in the robot's own map frame when it was added
     * @param submaps the submaps it was inserted into (its intra-submap constraints)
     * @param points its matching points in the robot frame
     */
    public record Node(
            int index,
            long frameSeq,
            double time,
            Pose2 localPose,
            Pose2 globalPose,
            int[] submaps,
            PointSet points) {}

    /**
     * @param globalPose the submap's pose in the robot's map frame when it was finished
     */
    public record FinishedSubmap(SubmapState submap, Pose2 globalPose) {}

    /**
     * @param nodes pose of every node so far, by index
     * @param submaps pose of every finished submap, by index
     */
    public record OptimizedPoses(List<Pose2> nodes, Map<Integer, Pose2> submaps) {}
}
