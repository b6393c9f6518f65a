package io.edgeflow.slam;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;

/**
 * A scan that passed the motion filter: its time, its pose in the local SLAM frame (fixed once
 * matched) and its matching points in the robot frame, kept for loop-closure search.
 */
public record TrajectoryNode(int index, double time, Pose2 localPose, PointSet points) {}
