package io.edgeflow.slam.render;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.mapping2d.RangeDataBuilder;
import io.edgeflow.slam.mapping2d.RangeDataInserter;
import io.edgeflow.slam.mapping2d.Submap;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An occupancy map made by inserting scans at given poses — e.g. the poses a Flink job emitted — so
 * anyone holding the scans and a trajectory can see whether the trajectory makes a consistent map
 * (straight walls, no doubled corridors).
 */
public final class PosedScansMap {
    private PosedScansMap() {}

    /** One scan and the pose (of the robot, in the map frame) it was taken at. */
    public record PosedScan(SlamScan scan, Pose2 pose) {}

    public static BufferedImage render(List<PosedScan> scans, LocalSlamConfig config) {
        Submap map = occupancy(scans, config);
        List<Pose2> trajectory = new ArrayList<>(scans.size());
        for (PosedScan p : scans) {
            trajectory.add(p.pose());
        }
        return MapRenderer.render(
                Map.of(0, map),
                Map.of(0, Pose2.ORIGIN),
                config.resolution(),
                trajectory,
                List.of());
    }

    /** One grid (a submap at the origin) holding every scan inserted at its pose, in order. */
    public static Submap occupancy(Iterable<PosedScan> scans, LocalSlamConfig config) {
        RangeDataBuilder builder =
                new RangeDataBuilder(
                        config.minRange(), config.maxRange(), config.missingRayLength());
        RangeDataInserter inserter =
                new RangeDataInserter(config.hitProbability(), config.missProbability());
        Submap map =
                new Submap(0, Pose2.ORIGIN, new ProbabilityGrid(config.resolution()), 0, false);
        for (PosedScan p : scans) {
            SlamScan s = p.scan();
            map.insert(
                    builder.build(
                                    s.angleMin(),
                                    s.angleIncrement(),
                                    s.ranges(),
                                    s.sensorMaxRange(),
                                    s.sensorOffset())
                            .transformed(p.pose()),
                    inserter);
        }
        return map;
    }
}
