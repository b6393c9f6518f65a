package io.edgeflow.slam.loopclosure;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.TrajectoryNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimized global poses of a snapshot of a robot's pose graph, and how they are computed: the
 * problem is rebuilt from plain data (nodes, their current global poses, submap poses, constraints)
 * in one fixed order, so that whoever builds it — the live engine, a restored one, any thread —
 * solves exactly the same problem.
 *
 * @param nodes global pose of node i, for every node of the snapshot
 * @param submaps global pose of submap j, for every submap of the snapshot
 */
public record PoseGraphSolution(List<Pose2> nodes, List<Pose2> submaps) {

    /**
     * Solves the graph of {@code nodes} (local SLAM's motions between consecutive ones as factors)
     * and {@code constraints} (submap → node), starting from the given global poses.
     *
     * @param motionTranslationWeight weight (1/σ) of consecutive-node motions, translation
     * @param motionRotationWeight weight of consecutive-node motions, rotation
     */
    public static PoseGraphSolution solve(
            List<TrajectoryNode> nodes,
            List<Pose2> nodeGlobals,
            List<Pose2> submapGlobals,
            List<Constraint> constraints,
            SubmapPoseGraph graph,
            double motionTranslationWeight,
            double motionRotationWeight) {
        for (int i = 0; i < nodeGlobals.size(); i++) {
            graph.addNode(i, nodeGlobals.get(i));
        }
        for (int j = 0; j < submapGlobals.size(); j++) {
            graph.addSubmap(j, submapGlobals.get(j));
        }
        for (int i = 1; i < nodeGlobals.size(); i++) {
            graph.addNodeMotion(
                    i - 1,
                    i,
                    nodes.get(i - 1).localPose().between(nodes.get(i).localPose()),
                    motionTranslationWeight,
                    motionRotationWeight);
        }
        for (Constraint c : constraints) {
            graph.addConstraint(c);
        }
        graph.optimize();
        List<Pose2> solvedNodes = new ArrayList<>(nodeGlobals.size());
        for (int i = 0; i < nodeGlobals.size(); i++) {
            solvedNodes.add(graph.node(i));
        }
        List<Pose2> solvedSubmaps = new ArrayList<>(submapGlobals.size());
        for (int j = 0; j < submapGlobals.size(); j++) {
            solvedSubmaps.add(graph.submap(j));
        }
        return new PoseGraphSolution(solvedNodes, solvedSubmaps);
    }
}
