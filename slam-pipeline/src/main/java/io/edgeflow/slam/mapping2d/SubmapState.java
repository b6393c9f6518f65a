package io.edgeflow.slam.mapping2d;

import io.edgeflow.protocol.Pose2;
import java.util.List;

/** A submap as plain data, for checkpoints and for the submaps stream: its grid as tiles. */
public record SubmapState(
        int index,
        Pose2 localPose,
        int numRangeData,
        boolean finished,
        double resolution,
        List<GridTile> tiles) {}
