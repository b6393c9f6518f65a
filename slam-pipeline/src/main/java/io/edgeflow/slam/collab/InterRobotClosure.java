package io.edgeflow.slam.collab;

import io.edgeflow.slam.geometry.SE3;

/**
 * A candidate loop closure between poses of two different robots: {@code measured} is the pose of
 * {@code to} seen from {@code from}. Planar closures are lifted to SE(3) with z, roll and pitch
 * zero; {@code information} is in the robots' graph space (3×3 planar, 6×6 spatial, row-major).
 */
public record InterRobotClosure(long from, long to, SE3 measured, double[] information) {
    public InterRobotClosure {
        if (RobotPose.robotOf(from) == RobotPose.robotOf(to)) {
            throw new IllegalArgumentException(
                    "closure "
                            + RobotPose.ofKey(from)
                            + "→"
                            + RobotPose.ofKey(to)
                            + " joins a robot to itself");
        }
        information = information.clone();
    }

    public char fromRobot() {
        return RobotPose.robotOf(from);
    }

    public char toRobot() {
        return RobotPose.robotOf(to);
    }

    /** The two robots it joins, in letter order: the same for both directions. */
    public String robotPair() {
        char a = fromRobot(), b = toRobot();
        return a < b ? a + "" + b : b + "" + a;
    }

    /**
     * The same measurement seen from the other end, for consistency checks, which use the robots'
     * noise model; the information matrix is carried over unrotated.
     */
    InterRobotClosure reversed() {
        return new InterRobotClosure(to, from, measured.inverse(), information);
    }

    @Override
    public String toString() {
        return RobotPose.ofKey(from) + "→" + RobotPose.ofKey(to);
    }
}
