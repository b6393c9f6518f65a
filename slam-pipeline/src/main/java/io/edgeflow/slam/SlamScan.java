package io.edgeflow.slam;

import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;

/**
 * One laser scan as the SLAM engine takes it: beams (0 = invalid, dropped), the sensor's mounting
 * pose on the robot, and the robot's odometry pose at the scan's time, or null when the robot has
 * no odometry (then scans are matched with a zero-motion prior).
 */
public record SlamScan(
        double time,
        float angleMin,
        float angleIncrement,
        float sensorMaxRange,
        float[] ranges,
        Pose2 sensorOffset,
        Pose2 odometry) {

    /**
     * A CARMEN laser line: its robot pose is the odometry at the scan's time and the laser pose (in
     * the same odometry frame) gives the mounting offset.
     */
    public static SlamScan fromCarmen(CarmenLaser laser, boolean hasOdometry) {
        Pose2 offset = laser.robotPose().between(laser.laserPose());
        return new SlamScan(
                laser.timestamp(),
                laser.angleMin(),
                laser.angleIncrement(),
                laser.maxRange(),
                laser.ranges(),
                offset,
                hasOdometry ? laser.robotPose() : null);
    }

    /**
     * A scan off the wire: its sensor pose and odometry pose are both in the odometry frame, so the
     * mounting offset is their difference. Infinite ranges ("no return") become misses.
     */
    public static SlamScan fromLaserScan(LaserScan scan) {
        return new SlamScan(
                scan.timestampMicros() / 1e6,
                scan.angleMin(),
                scan.angleIncrement(),
                scan.rangeMax(),
                scan.ranges(),
                scan.odometryPose().between(scan.sensorPose()),
                scan.odometryPose());
    }
}
