package io.edgeflow.slam.collab;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import io.edgeflow.slam.posegraph.BetweenFactor;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseSpace;
import java.util.Arrays;

/**
 * One robot's own map: its pose graph (poses in the robot's frame, its odometry and intra-robot
 * loop closures) and how fast its odometry drifts, which bounds how far two of its poses can be
 * wrong relative to each other when an inter-robot closure is checked against another.
 *
 * @param translationStepVariance variance per odometry step of translation (m², per axis)
 * @param rotationStepVariance variance per odometry step of rotation (rad², per axis); both e.g.
 *     from {@link #estimateStepVariance}
 */
public record RobotMap(
        char robot, PoseGraph graph, double translationStepVariance, double rotationStepVariance) {

    public RobotMap {
        for (int i = 0; i < graph.poseCount(); i++) {
            if (RobotPose.robotOf(graph.id(i)) != robot) {
                throw new IllegalArgumentException(
                        "pose " + RobotPose.ofKey(graph.id(i)) + " is not robot " + robot + "'s");
            }
        }
        if (!(translationStepVariance > 0) || !(rotationStepVariance > 0)) {
            throw new IllegalArgumentException("step variances must be positive");
        }
    }

    /** Pose of {@code key} in the robot's frame, lifted to SE(3) for a planar graph. */
    public SE3 pose(long key) {
        return lifted(graph, key);
    }

    /** Number of odometry steps between two poses: their distance in the robot's pose order. */
    public int steps(long a, long b) {
        return Math.abs(graph.index(a) - graph.index(b));
    }

    /**
     * Per-step odometry variances estimated from the residuals of a solved graph, e_i =
     * measured⁻¹·(x_from⁻¹·x_to): the sum of squares per axis over the redundancy of the graph
     * (edges minus the poses they determine), the unbiased estimate for a least-squares fit. A
     * graph without loops has no redundancy and gets {@code floor}; so does a variance below it.
     *
     * @return {translation variance per axis, rotation variance per axis}
     */
    public static double[] estimateStepVariance(PoseGraph solved, double floor) {
        double sumT = 0, sumR = 0;
        for (BetweenFactor f : solved.betweenFactors()) {
            SE3 from = lifted(solved, solved.id(f.from())), to = lifted(solved, solved.id(f.to()));
            double[] e = measured(solved.space(), f.measured()).localCoordinates(from.between(to));
            for (int a = 0; a < 3; a++) {
                sumT += e[a] * e[a];
                sumR += e[3 + a] * e[3 + a];
            }
        }
        int redundancy = solved.edgeCount() - (solved.poseCount() - 1);
        if (redundancy <= 0) {
            return new double[] {floor, floor};
        }
        int translationAxes = solved.space().spatialDim;
        int rotationAxes = translationAxes == 2 ? 1 : 3;
        return new double[] {
            Math.max(floor, sumT / (redundancy * translationAxes)),
            Math.max(floor, sumR / (redundancy * rotationAxes))
        };
    }

    /** A between factor's flat measurement as an SE(3) (planar ones lifted). */
    static SE3 measured(PoseSpace space, double[] flat) {
        if (space == PoseSpace.SE2) {
            return new SE3(SO3.exp(0, 0, flat[2]), flat[0], flat[1], 0);
        }
        return new SE3(SO3.ofMatrix(Arrays.copyOfRange(flat, 3, 12)), flat[0], flat[1], flat[2]);
    }

    /** Pose {@code id} of a graph, lifted to SE(3) when the graph is planar. */
    static SE3 lifted(PoseGraph g, long id) {
        if (g.space() == PoseSpace.SE2) {
            SE2 p = g.pose2(id);
            return new SE3(SO3.exp(0, 0, p.theta()), p.x(), p.y(), 0);
        }
        return g.pose3(id);
    }
}
