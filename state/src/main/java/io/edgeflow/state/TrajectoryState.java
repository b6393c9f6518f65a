package io.edgeflow.state;

import io.edgeflow.protocol.Pose2;

/**
 * Per-robot keyed state of the dead-reckoning trajectory (state schema version 1).
 *
 * @param origin the robot's first odometry pose: poses are reported relative to it, because robots
 *     do not share a frame
 * @param lastSeq the highest frame sequence number applied, for duplicate and gap detection
 * @param lastPose the latest pose, relative to the origin
 * @param frames frames applied
 * @param gaps sequence numbers skipped so far (frames lost upstream)
 * @param duplicates frames dropped because their sequence number was already applied
 */
public record TrajectoryState(
        Pose2 origin, long lastSeq, Pose2 lastPose, long frames, long gaps, long duplicates) {

    public static final int SCHEMA_VERSION = 1;
}
