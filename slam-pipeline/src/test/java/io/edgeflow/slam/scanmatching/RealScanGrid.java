package io.edgeflow.slam.scanmatching;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LaserLogFixture;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.mapping2d.RangeData;
import io.edgeflow.slam.mapping2d.RangeDataBuilder;
import io.edgeflow.slam.mapping2d.RangeDataInserter;
import io.edgeflow.slam.mapping2d.VoxelFilter;
import java.util.List;

/**
 * Real ACES scans for matcher tests: the robot stands still for its first scans, so scans 0 and 5
 * were taken at the same pose, and a grid built from scan 0 placed at pose P must match scan 5 at
 * P.
 */
final class RealScanGrid {
    static final List<CarmenLaser> SCANS = LaserLogFixture.firstScans("aces.clf.bz2", 6);
    static final RangeDataBuilder BUILDER = new RangeDataBuilder(0.1, 30, 5);

    private RealScanGrid() {}

    static RangeData rangeData(int scan) {
        CarmenLaser l = SCANS.get(scan);
        return BUILDER.build(
                l.angleMin(),
                l.angleIncrement(),
                l.ranges(),
                l.maxRange(),
                l.robotPose().between(l.laserPose()));
    }

    /** A 5 cm grid of scan 0 inserted (a few times, as a submap would see it) at {@code pose}. */
    static ProbabilityGrid gridAt(Pose2 pose) {
        ProbabilityGrid g = new ProbabilityGrid(0.05);
        RangeDataInserter inserter = new RangeDataInserter(0.55, 0.49);
        RangeData placed = rangeData(0).transformed(pose);
        for (int i = 0; i < 10; i++) {
            inserter.insert(g, placed);
        }
        return g;
    }

    /** Scan 5's matching points (adaptive voxel filter, as local SLAM uses them). */
    static PointSet matchingPoints() {
        return VoxelFilter.adaptive(rangeData(5).hits(), 0.5, 200, 30);
    }
}
