package io.edgeflow.protocol.carmen;

import io.edgeflow.protocol.Pose2;

/** An ODOM line: the robot's odometry pose and its velocities (m/s, rad/s). */
public record CarmenOdometry(
        long lineNumber,
        double timestamp,
        Pose2 pose,
        double translationalVelocity,
        double rotationalVelocity)
        implements CarmenRecord {}
