package io.edgeflow.slam;

import io.edgeflow.slam.loopclosure.LoopClosureConfig;

/**
 * Everything that tunes the engine; {@link #defaults()} is the single configuration used for every
 * log.
 *
 * @param resolution grid cell size, metres
 * @param minRange readings below are dropped (m)
 * @param maxRange readings beyond are treated as "no return" (m)
 * @param missingRayLength free space cleared along a no-return ray (m)
 * @param insertionVoxel voxel size for points inserted into submaps (m)
 * @param matchingVoxelMaxLength adaptive voxel filter's largest voxel for matching points (m)
 * @param matchingMinPoints adaptive voxel filter's target point count
 * @param scansPerSubmap scans inserted before the next submap starts
 * @param hitProbability occupancy update for a hit
 * @param missProbability occupancy update for a ray passing through
 * @param motionMaxTime a scan becomes a node after this many seconds even when still (s)
 * @param motionMaxDistance ... or after moving this far (m)
 * @param motionMaxAngle ... or after turning this much (rad)
 * @param correlativeLinearWindow real-time correlative search half-width (m)
 * @param correlativeAngularWindow real-time correlative search half-width (rad)
 * @param correlativeOdometryAngularWindow with an odometry prediction, the correlative search
 *     scores only this half-width (rad) around it, unless its best heading lies on the edge (then
 *     the whole window): odometry is rarely off by more than a few degrees between scans
 * @param occupiedWeight nonlinear matcher: weight of the map term
 * @param translationWeight nonlinear matcher: pull towards the prior (odometry) position. Moderate:
 *     wheels slip and scan timestamps jitter against odometry's, so the prior is off by cm (with
 *     the odometry CARMEN laser lines carry, 0.11 s stale on ACES, a prior of 20 made the ACES
 *     relations no better than raw odometry's); much weaker (2) lets FR079's corridors slide and
 *     bend the map
 * @param rotationWeight nonlinear matcher: pull towards the prior heading; weak, since odometry
 *     heading is what the scans correct best
 * @param loopClosure loop-closure search and acceptance
 */
public record LocalSlamConfig(
        double resolution,
        double minRange,
        double maxRange,
        double missingRayLength,
        double insertionVoxel,
        double matchingVoxelMaxLength,
        int matchingMinPoints,
        int scansPerSubmap,
        double hitProbability,
        double missProbability,
        double motionMaxTime,
        double motionMaxDistance,
        double motionMaxAngle,
        double correlativeLinearWindow,
        double correlativeAngularWindow,
        double correlativeOdometryAngularWindow,
        double occupiedWeight,
        double translationWeight,
        double rotationWeight,
        LoopClosureConfig loopClosure)
        implements java.io.Serializable {

    public static LocalSlamConfig defaults() {
        return new LocalSlamConfig(
                0.05,
                0.1,
                30.0,
                5.0,
                0.025,
                0.5,
                200,
                35,
                0.55,
                0.49,
                5.0,
                0.2,
                Math.toRadians(1.0),
                0.1,
                Math.toRadians(20.0),
                Math.toRadians(4.5),
                1.0,
                5.0,
                2.0,
                LoopClosureConfig.defaults());
    }

    public LocalSlamConfig withLoopClosure(LoopClosureConfig lc) {
        return new LocalSlamConfig(
                resolution,
                minRange,
                maxRange,
                missingRayLength,
                insertionVoxel,
                matchingVoxelMaxLength,
                matchingMinPoints,
                scansPerSubmap,
                hitProbability,
                missProbability,
                motionMaxTime,
                motionMaxDistance,
                motionMaxAngle,
                correlativeLinearWindow,
                correlativeAngularWindow,
                correlativeOdometryAngularWindow,
                occupiedWeight,
                translationWeight,
                rotationWeight,
                lc);
    }
}
