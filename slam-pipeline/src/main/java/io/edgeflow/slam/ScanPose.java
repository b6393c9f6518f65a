package io.edgeflow.slam;

import io.edgeflow.protocol.Pose2;

/**
 * Where a scan was, relative to the node it was matched after (so it moves with that node when the
 * pose graph is optimized): global pose = global(node) ⊕ relativeToNode.
 */
public record ScanPose(double time, int nodeIndex, Pose2 relativeToNode) {}
