package io.edgeflow.slam;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.mapping2d.SubmapState;
import java.util.List;

/**
 * What one scan produced: its pose (local frame and current global estimate), the match score, the
 * node it became (−1 if the motion filter dropped it), a submap that was finished by it (null if
 * none) and loop-closure constraints found for it.
 */
public record ScanResult(
        double time,
        Pose2 localPose,
        Pose2 globalPose,
        double matchScore,
        int nodeIndex,
        SubmapState finishedSubmap,
        List<Constraint> loopClosures) {}
