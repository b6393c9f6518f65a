package io.edgeflow.slam.mapping2d;

import io.edgeflow.protocol.Pose2;

/**
 * Decides which scans become nodes: a scan passes if, since the last passed scan, the robot moved
 * more than {@code maxDistance} metres, turned more than {@code maxAngle} radians, or more than
 * {@code maxTime} seconds went by. Stationary robots thus add no nodes and no map updates.
 */
public record MotionFilter(double maxTime, double maxDistance, double maxAngle) {

    /** The last scan that passed, as plain data so it can be checkpointed. */
    public record Last(double time, Pose2 pose) {}

    /** True if a scan at {@code time} and {@code pose} is too similar to {@code last} to add. */
    public boolean isSimilar(Last last, double time, Pose2 pose) {
        if (last == null) {
            return false;
        }
        return time - last.time() <= maxTime
                && Math.hypot(pose.x() - last.pose().x(), pose.y() - last.pose().y()) <= maxDistance
                && Math.abs(Pose2.normalizeAngle(pose.theta() - last.pose().theta())) <= maxAngle;
    }
}
