package io.edgeflow.slam.loopclosure;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.posegraph.LevenbergMarquardt;
import io.edgeflow.slam.posegraph.OptimizationResult;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.RobustKernel;
import io.edgeflow.slam.posegraph.SolverOptions;

/**
 * The global SLAM problem of one robot on top of the pose-graph engine: node and submap poses are
 * the variables, submap→node constraints (intra-submap and loop closures) and consecutive-node
 * local-SLAM motions the factors, under a Huber loss so a wrong loop closure cannot bend the whole
 * map. Poses and factors are only ever added, so each solve starts warm from the previous solution
 * (new poses enter where local SLAM put them relative to the optimized ones).
 */
public final class SubmapPoseGraph {
    private final PoseGraph graph = PoseGraph.planar();
    private final LevenbergMarquardt solver;
    private int nodes;
    private int submaps;

    /**
     * @param huberScale Huber threshold on the whitened error norm √(eᵀΩe)
     */
    public SubmapPoseGraph(double huberScale, int maxIterations) {
        this.solver =
                new LevenbergMarquardt(
                        SolverOptions.defaults()
                                .withKernel(new RobustKernel.Huber(huberScale))
                                .withMaxIterations(maxIterations)
                                .withRelativeCostTolerance(1e-6));
    }

    private static long nodeId(int node) {
        return 2L * node;
    }

    private static long submapId(int submap) {
        return 2L * submap + 1;
    }

    public int nodeCount() {
        return nodes;
    }

    public int submapCount() {
        return submaps;
    }

    /** Adds node {@code index} (dense, in order) at its current global pose estimate. */
    public void addNode(int index, Pose2 global) {
        if (index != nodes) {
            throw new IllegalArgumentException("nodes must be added in order: expected " + nodes);
        }
        graph.addPose(nodeId(index), se2(global));
        nodes++;
    }

    /** Adds submap {@code index} (dense, in order) at its current global pose estimate. */
    public void addSubmap(int index, Pose2 global) {
        if (index != submaps) {
            throw new IllegalArgumentException(
                    "submaps must be added in order: expected " + submaps);
        }
        graph.addPose(submapId(index), se2(global));
        submaps++;
    }

    public void addConstraint(Constraint c) {
        graph.addBetween(
                submapId(c.submapIndex()),
                nodeId(c.nodeIndex()),
                se2(c.relative()),
                information(c.translationWeight(), c.rotationWeight()));
    }

    /** Local SLAM's relative motion between two nodes. */
    public void addNodeMotion(
            int from, int to, Pose2 relative, double translationWeight, double rotationWeight) {
        graph.addBetween(
                nodeId(from),
                nodeId(to),
                se2(relative),
                information(translationWeight, rotationWeight));
    }

    public OptimizationResult optimize() {
        return solver.optimize(graph);
    }

    public Pose2 node(int index) {
        return pose2(graph.pose2(nodeId(index)));
    }

    public Pose2 submap(int index) {
        return pose2(graph.pose2(submapId(index)));
    }

    private static double[] information(double translationWeight, double rotationWeight) {
        double t = translationWeight * translationWeight;
        double r = rotationWeight * rotationWeight;
        return new double[] {t, 0, 0, 0, t, 0, 0, 0, r};
    }

    private static SE2 se2(Pose2 p) {
        return new SE2(p.x(), p.y(), p.theta());
    }

    private static Pose2 pose2(SE2 p) {
        return new Pose2(p.x(), p.y(), p.theta());
    }
}
