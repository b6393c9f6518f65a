package io.edgeflow.slam;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.mapping2d.SubmapState;
import java.util.List;

/**
 * What one scan produced: its pose (local frame and current global estimate), the match score, the
 * node it became (−1 if the motion filter dropped it), a submap that was finished by it (null if
 * none) and the loop-closure constraints that entered the pose graph with it (found for an earlier
 * node, see {@link LocalSlam}).
 */
public record ScanResult(
        double time,
        Pose2 localPose,
        Pose2 globalPose,
        double matchScore,
        int nodeIndex,
        SubmapState finishedSubmap,
        List<Constraint> loopClosures) {}
