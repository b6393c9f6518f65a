package io.edgeflow.slam;

import io.edgeflow.protocol.Pose2;

/** A pose at a time (seconds). */
public record TimedPose(double time, Pose2 pose) {}
