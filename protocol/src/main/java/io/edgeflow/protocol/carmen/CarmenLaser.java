package io.edgeflow.protocol.carmen;

import io.edgeflow.protocol.Pose2;

/**
 * A FLASER or ROBOTLASER1 line. Beam i points at {@code angleMin + i * angleIncrement} in the laser
 * frame. Readings that were NaN or negative in the log are replaced by 0 (below any range minimum,
 * so consumers drop them) and counted in {@link CarmenLogReader.Stats#invalidBeams()}.
 */
public record CarmenLaser(
        long lineNumber,
        double timestamp,
        float angleMin,
        float angleIncrement,
        float maxRange,
        float[] ranges,
        Pose2 laserPose,
        Pose2 robotPose)
        implements CarmenRecord {}
