package io.edgeflow.operators.trajectory;

import io.edgeflow.protocol.PoseEstimate;

/** A pose estimate for the robot with the given node id, as the jobs emit them. */
public record RobotPose(int nodeId, PoseEstimate estimate) {}
