package io.edgeflow.slam.collab;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LaserLogFixture;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.TimedPose;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.mapping2d.RangeDataBuilder;
import io.edgeflow.slam.mapping2d.RangeDataInserter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scan Context descriptors of a real map: the first 400 ACES scans inserted at their SLAM poses,
 * and the same scans inserted with the whole trajectory turned about a point — the same place seen
 * by a robot whose frame is rotated, as another robot's would be.
 */
class PlaceDescriptorTest {
    private static final List<CarmenLaser> SCANS = LaserLogFixture.firstScans("aces.clf.bz2", 400);
    private static final Pose2 TURN = new Pose2(3.0, -2.0, Math.toRadians(73));
    private static List<TimedPose> poses;
    private static ProbabilityGrid upright;
    private static ProbabilityGrid turned;

    @BeforeAll
    static void buildMaps() {
        LocalSlamConfig config = LocalSlamConfig.defaults();
        LocalSlam slam = new LocalSlam(config);
        for (CarmenLaser l : SCANS) {
            slam.addScan(SlamScan.fromCarmen(l, true));
        }
        poses = slam.scanGlobalPoses();
        upright = new ProbabilityGrid(config.resolution());
        turned = new ProbabilityGrid(config.resolution());
        RangeDataBuilder builder = new RangeDataBuilder(0.1, 30, 5);
        RangeDataInserter inserter = new RangeDataInserter(0.55, 0.49);
        for (int i = 0; i < SCANS.size(); i += 4) {
            SlamScan s = SlamScan.fromCarmen(SCANS.get(i), true);
            var rd =
                    builder.build(
                            s.angleMin(),
                            s.angleIncrement(),
                            s.ranges(),
                            s.sensorMaxRange(),
                            s.sensorOffset());
            inserter.insert(upright, rd.transformed(poses.get(i).pose()));
            inserter.insert(turned, rd.transformed(TURN.compose(poses.get(i).pose())));
        }
    }

    private static PlaceDescriptor at(ProbabilityGrid g, Pose2 centre) {
        return PlaceDescriptor.of(g, centre.x(), centre.y(), 20, 60, 10.0);
    }

    @Test
    void theSamePlaceInARotatedFrameHasTheSameDescriptor() {
        Pose2 place = poses.get(399).pose();
        PlaceDescriptor a = at(upright, place);
        PlaceDescriptor b = at(turned, TURN.compose(place));
        assertThat(a.fill()).isGreaterThan(0.05);
        assertThat(a.ringKeyDistance(b)).isLessThan(0.15);
        PlaceDescriptor.Match m = a.distance(b);
        assertThat(m.distance()).isLessThan(0.25);
        // the sector shift that aligns them is the frame's turn, to a sector or two (6° each)
        double turnError = Pose2.normalizeAngle(m.rotation() - TURN.theta());
        assertThat(Math.toDegrees(Math.abs(turnError))).isLessThan(13);
    }

    @Test
    void aPlaceFiveMetresAwayIsFartherThanTheSamePlaceRotated() {
        Pose2 place = poses.get(399).pose();
        Pose2 elsewhere = poses.get(0).pose();
        assertThat(Math.hypot(place.x() - elsewhere.x(), place.y() - elsewhere.y()))
                .isGreaterThan(4);
        PlaceDescriptor a = at(upright, place);
        double same = a.distance(at(turned, TURN.compose(place))).distance();
        double other = a.distance(at(turned, TURN.compose(elsewhere))).distance();
        assertThat(other).isGreaterThan(same + 0.1);
    }

    @Test
    void anEmptyGridGivesAnEmptyDescriptorAtMaximumDistance() {
        PlaceDescriptor empty = at(new ProbabilityGrid(0.05), Pose2.ORIGIN);
        assertThat(empty.fill()).isZero();
        assertThat(empty.distance(at(upright, poses.get(399).pose())).distance()).isEqualTo(1.0);
    }
}
