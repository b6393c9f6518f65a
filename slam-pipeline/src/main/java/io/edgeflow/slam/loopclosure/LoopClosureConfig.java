package io.edgeflow.slam.loopclosure;

/**
 * Loop-closure search and acceptance.
 *
 * @param enabled whether to search at all
 * @param samplingRatio fraction of new nodes matched against each nearby finished submap
 * @param maxDistance nearby = node within this distance of the submap's origin (m)
 * @param linearWindow windowed branch-and-bound search half-width (m)
 * @param angularWindow windowed search half-width (rad)
 * @param minScore windowed matches below are rejected
 * @param globalEveryNodes a global (whole submap, ±180°) search every this many nodes; 0 = never
 * @param globalMinScore global matches below are rejected
 * @param branchAndBoundDepth levels of the precomputation grid stack
 * @param optimizeEveryNodes solve the pose graph after this many new nodes (when a closure came);
 *     every solve is of the whole graph, so this sets the solver's share of the CPU
 * @param translationWeight loop-closure constraint weight on translation
 * @param rotationWeight loop-closure constraint weight on rotation
 * @param skipRecentSubmaps finished submaps this close (in index) to the active ones are not
 *     searched
 * @param maxSearchesPerNode windowed searches per sampled node, nearest submaps first
 * @param searchDelayNodes a node's searches run off the per-scan path and their closures enter the
 *     pose graph when the node this many nodes later is added — a fixed point, so the result does
 *     not depend on how fast the searches ran
 */
public record LoopClosureConfig(
        boolean enabled,
        double samplingRatio,
        double maxDistance,
        double linearWindow,
        double angularWindow,
        double minScore,
        int globalEveryNodes,
        double globalMinScore,
        int branchAndBoundDepth,
        int optimizeEveryNodes,
        double translationWeight,
        double rotationWeight,
        int skipRecentSubmaps,
        int maxSearchesPerNode,
        int searchDelayNodes)
        implements java.io.Serializable {

    public static LoopClosureConfig defaults() {
        return new LoopClosureConfig(
                true,
                0.3,
                15.0,
                4.0,
                Math.toRadians(20),
                0.6,
                0,
                0.65,
                7,
                70,
                1.1e4,
                1e5,
                2,
                3,
                20);
    }

    public LoopClosureConfig disabled() {
        return new LoopClosureConfig(
                false,
                samplingRatio,
                maxDistance,
                linearWindow,
                angularWindow,
                minScore,
                globalEveryNodes,
                globalMinScore,
                branchAndBoundDepth,
                optimizeEveryNodes,
                translationWeight,
                rotationWeight,
                skipRecentSubmaps,
                maxSearchesPerNode,
                searchDelayNodes);
    }
}
