package io.edgeflow.slam.loopclosure;

import io.edgeflow.protocol.Pose2;

/**
 * A relative-pose measurement between a submap and a node: {@code relative} = submap⁻¹ ⊕ node, with
 * the submap's frame being its origin (heading 0) in the local frame it was built in. Weights are
 * square-root information (1/σ) on translation and rotation.
 */
public record Constraint(
        int submapIndex,
        int nodeIndex,
        Pose2 relative,
        double translationWeight,
        double rotationWeight,
        Kind kind,
        double score) {

    public enum Kind {
        /** The node was inserted into the submap by local SLAM. */
        INTRA_SUBMAP,
        /** Found by scan-to-submap search. */
        LOOP_CLOSURE
    }
}
