package io.edgeflow.slam.collab;

/**
 * How inter-robot place recognition is run and how its closures are weighted.
 *
 * @param nodeSamplingStride every this-many-th node of a robot is searched for in the other robots'
 *     finished submaps (a global branch-and-bound search: whole submap, all headings)
 * @param minScore matches scoring below are not candidates
 * @param stepTranslationSigma drift of a robot's local trajectory per node, m (PCM's noise model)
 * @param stepRotationSigma drift per node, rad
 * @param closureTranslationSigma noise of one scan-to-submap match, m
 * @param closureRotationSigma noise of one match, rad
 */
public record CrossRobotSearch(
        int nodeSamplingStride,
        double minScore,
        double stepTranslationSigma,
        double stepRotationSigma,
        double closureTranslationSigma,
        double closureRotationSigma) {

    public static CrossRobotSearch defaults() {
        return new CrossRobotSearch(10, 0.6, 0.02, 0.005, 0.05, 0.02);
    }
}
