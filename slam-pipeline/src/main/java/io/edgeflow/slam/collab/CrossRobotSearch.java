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
 * @param wallVoxel a submap's walls are thinned to one point per voxel this size for verification,
 *     m
 * @param minScore verified matches below (mean occupancy probability under the scan) are dropped
 * @param minSharpness moving a verified match 0.5 m in any direction must lower its score by at
 *     least this fraction: a match that slides along a corridor is no match
 * @param windowedEveryNodes once two robots share a group, every this-many-th node of each is
 *     searched (windowed) in the other's nearby submaps
 * @param windowedMaxDistance nearby = submap origin this close to the node in the group frame, m
 * @param windowedSubmaps windowed searches per node and other robot, nearest submaps first
 * @param windowedLinearWindow windowed search half-width, m
 * @param windowedAngularWindow windowed search half-width, rad
 * @param windowedMinScore windowed matches below are dropped
 * @param stepTranslationSigma drift of a robot's local trajectory per node, m (PCM's noise model)
 * @param stepRotationSigma drift per node, rad
 * @param closureTranslationSigma noise of one scan-to-submap match, m
 * @param closureRotationSigma noise of one match, rad
 * @param minimumClique fewest mutually consistent closures PCM accepts between two robots
 * @param maxMapConflict two robots join only if, under their alignment, at most this fraction of
 *     either one's walls falls on the other's free space
 * @param minMapOverlap ... and at least this many wall cells (0.1 m) of each fall on cells the
 *     other has seen; until then their closures wait
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
        double wallVoxel,
        double minScore,
        double minSharpness,
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
        double maxMapConflict,
        int minMapOverlap,
        int refreshEveryClosures)
        implements java.io.Serializable {

    /** These settings with another {@code minMapOverlap}: a short log's maps overlap less. */
    public CrossRobotSearch withMinMapOverlap(int cells) {
        return new CrossRobotSearch(
                rings,
                sectors,
                descriptorRadius,
                placeStride,
                minFill,
                ringKeyCandidates,
                maxDescriptorDistance,
                verifiedPerSubmap,
                verifyLinearWindow,
                wallVoxel,
                minScore,
                minSharpness,
                windowedEveryNodes,
                windowedMaxDistance,
                windowedSubmaps,
                windowedLinearWindow,
                windowedAngularWindow,
                windowedMinScore,
                stepTranslationSigma,
                stepRotationSigma,
                closureTranslationSigma,
                closureRotationSigma,
                minimumClique,
                maxMapConflict,
                cells,
                refreshEveryClosures);
    }

    public static CrossRobotSearch defaults() {
        return new CrossRobotSearch(
                20, // rings
                60, // sectors
                10.0, // descriptorRadius
                5, // placeStride
                0.03, // minFill
                25, // ringKeyCandidates
                0.45, // maxDescriptorDistance
                3, // verifiedPerSubmap
                3.0, // verifyLinearWindow
                0.15, // wallVoxel
                0.5, // minScore
                0.1, // minSharpness
                2, // windowedEveryNodes
                8.0, // windowedMaxDistance
                2, // windowedSubmaps
                3.0, // windowedLinearWindow
                Math.toRadians(20), // windowedAngularWindow
                0.6, // windowedMinScore
                0.01, // stepTranslationSigma
                0.002, // stepRotationSigma
                0.05, // closureTranslationSigma
                0.02, // closureRotationSigma
                2, // minimumClique
                0.15, // maxMapConflict
                950, // minMapOverlap
                40); // refreshEveryClosures
    }
}
