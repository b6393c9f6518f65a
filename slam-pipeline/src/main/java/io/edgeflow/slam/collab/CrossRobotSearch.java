package io.edgeflow.slam.collab;

/**
 * How inter-robot place recognition runs and how its closures are weighted.
 *
 * @param rings radial bins of a {@link PlaceDescriptor}
 * @param sectors angular bins of a descriptor
 * @param descriptorRadius a descriptor covers walls this close to its centre, m
 * @param placeStride every this-many-th node of a finished submap becomes a place (a descriptor
 *     centred on the node)
 * @param minFill places whose descriptor has fewer occupied bins than this fraction are left out:
 *     they tell little apart
 * @param ringKeyCandidates per query place, this many nearest ring keys get the full comparison
 * @param maxDescriptorDistance place pairs farther apart (Scan Context distance) are not verified
 * @param verifiedPerSubmap a newly finished submap verifies its best this-many place pairs (one per
 *     other robot's submap)
 * @param verifyLinearWindow verification searches this far (m) around the matched place, at every
 *     heading
 * @param minScore verified matches below (mean occupancy probability under the scan) are dropped
 * @param minMutualScore the matched place's own scan, put where the match implies into the query
 *     submap, must score at least this: a match must hold seen from both robots
 * @param windowedEveryNodes once two robots share a group, every this-many-th node of each is
 *     searched (windowed) in the other's nearby submaps
 * @param windowedMaxDistance nearby = submap origin this close to the node in the group frame, m
 * @param windowedSubmaps windowed searches per node, nearest submaps first
 * @param windowedLinearWindow windowed search half-width, m
 * @param windowedAngularWindow windowed search half-width, rad
 * @param windowedMinScore windowed matches below are dropped
 * @param stepTranslationSigma drift of a robot's local trajectory per node, m (PCM's noise model)
 * @param stepRotationSigma drift per node, rad
 * @param closureTranslationSigma noise of one scan-to-submap match, m
 * @param closureRotationSigma noise of one match, rad
 * @param minimumClique fewest mutually consistent closures PCM accepts between two robots
 * @param refreshEveryClosures re-solve the groups after this many new windowed closures
 */
public record CrossRobotSearch(
        int rings,
        int sectors,
        double descriptorRadius,
        int placeStride,
        double minFill,
        int ringKeyCandidates,
        double maxDescriptorDistance,
        int verifiedPerSubmap,
        double verifyLinearWindow,
        double minScore,
        double minMutualScore,
        int windowedEveryNodes,
        double windowedMaxDistance,
        int windowedSubmaps,
        double windowedLinearWindow,
        double windowedAngularWindow,
        double windowedMinScore,
        double stepTranslationSigma,
        double stepRotationSigma,
        double closureTranslationSigma,
        double closureRotationSigma,
        int minimumClique,
        int refreshEveryClosures) {

    public static CrossRobotSearch defaults() {
        return new CrossRobotSearch(
                20,
                60,
                10.0,
                5,
                0.03,
                25,
                0.45,
                3,
                3.0,
                0.65,
                0.6,
                4,
                8.0,
                2,
                3.0,
                Math.toRadians(20),
                0.6,
                0.02,
                0.005,
                0.05,
                0.02,
                2,
                40);
    }
}
