package io.edgeflow.slam.evaluation;

import io.edgeflow.protocol.Pose2;

/**
 * A ground-truth relation of the Kümmerle benchmark: the true pose of the scan at {@code t2}
 * relative to the scan at {@code t1}.
 */
public record Relation(double t1, double t2, Pose2 relative) {}
