package io.edgeflow.slam.scanmatching;

import io.edgeflow.protocol.Pose2;

/**
 * A matched pose in the grid's frame and its score: the mean occupancy probability of the scan's
 * points at that pose (0.1 = all in unknown or free space, 0.9 = all on confident walls).
 */
public record ScanMatchResult(Pose2 pose, double score) {}
