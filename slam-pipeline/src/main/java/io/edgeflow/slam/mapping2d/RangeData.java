package io.edgeflow.slam.mapping2d;

import io.edgeflow.protocol.Pose2;

/**
 * One scan turned into points in the robot frame: {@code hits} are returns within range, {@code
 * misses} are the ends of rays that returned nothing in range (free space up to them), and {@code
 * origin} is the sensor's position in the robot frame, where every ray starts.
 */
public record RangeData(Pose2 origin, PointSet hits, PointSet misses) {

    /** The same range data expressed in another frame: {@code pose} ⊕ everything. */
    public RangeData transformed(Pose2 pose) {
        return new RangeData(
                pose.compose(origin), hits.transformed(pose), misses.transformed(pose));
    }
}
