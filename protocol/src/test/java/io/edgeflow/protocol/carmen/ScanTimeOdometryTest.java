package io.edgeflow.protocol.carmen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.edgeflow.protocol.Pose2;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanTimeOdometryTest {
    static final Pose2 MOUNT = new Pose2(0.1, 0.02, 0.0);

    static CarmenOdometry odom(long line, double t, Pose2 pose) {
        return new CarmenOdometry(line, t, pose, 0, 0);
    }

    /** A scan line carrying the stale odometry {@code carried}, as CARMEN loggers write it. */
    static CarmenLaser scan(long line, double t, Pose2 carried) {
        return new CarmenLaser(
                line, t, -1.5f, 0.1f, 80f, new float[] {1f}, carried.compose(MOUNT), carried);
    }

    @Test
    void aScanBetweenTwoOdometryLinesGetsTheOdometryAtItsOwnTime() {
        Pose2 a = new Pose2(1, 2, 0.2);
        Pose2 b = new Pose2(2, 2, 0.6);
        List<CarmenRecord> in = List.of(odom(1, 10.0, a), scan(2, 10.25, a), odom(3, 11.0, b));
        List<CarmenRecord> out = ScanTimeOdometry.apply(in);
        CarmenLaser s = (CarmenLaser) out.get(1);
        assertThat(s.robotPose().x()).isCloseTo(1.25, offset(1e-12));
        assertThat(s.robotPose().y()).isCloseTo(2.0, offset(1e-12));
        assertThat(s.robotPose().theta()).isCloseTo(0.3, offset(1e-12));
        // The laser moves with the robot: same mounting offset.
        Pose2 mount = s.robotPose().between(s.laserPose());
        assertThat(mount.x()).isCloseTo(MOUNT.x(), offset(1e-12));
        assertThat(mount.y()).isCloseTo(MOUNT.y(), offset(1e-12));
        assertThat(mount.theta()).isCloseTo(MOUNT.theta(), offset(1e-12));
        assertThat(s.timestamp()).isEqualTo(10.25);
        assertThat(out.get(0)).isSameAs(in.get(0));
        assertThat(out.get(2)).isSameAs(in.get(2));
    }

    @Test
    void headingTurnsTheShortWayAcrossPlusMinusPi() {
        Pose2 a = new Pose2(0, 0, Math.PI - 0.1);
        Pose2 b = new Pose2(0, 0, -Math.PI + 0.1);
        CarmenLaser s =
                (CarmenLaser)
                        ScanTimeOdometry.apply(
                                        List.of(odom(1, 0.0, a), scan(2, 0.5, a), odom(3, 1.0, b)))
                                .get(1);
        assertThat(Math.abs(Pose2.normalizeAngle(s.robotPose().theta() - Math.PI)))
                .isLessThan(1e-12);
    }

    @Test
    void odometryLinesOutOfOrderInTheFileAreTakenInTimeOrder() {
        // Intel's ODOM lines are not sorted by timestamp.
        Pose2 a = new Pose2(0, 0, 0);
        Pose2 b = new Pose2(1, 0, 0);
        Pose2 c = new Pose2(5, 0, 0);
        CarmenLaser s =
                (CarmenLaser)
                        ScanTimeOdometry.apply(
                                        List.of(
                                                odom(1, 2.0, c),
                                                odom(2, 0.0, a),
                                                scan(3, 0.5, a),
                                                odom(4, 1.0, b)))
                                .get(2);
        assertThat(s.robotPose().x()).isCloseTo(0.5, offset(1e-12));
    }

    @Test
    void scansOutsideTheOdometrySpanOrWithoutOdometryKeepTheirOwnPose() {
        Pose2 carried = new Pose2(7, 8, 0.5);
        Pose2 a = new Pose2(0, 0, 0);
        Pose2 b = new Pose2(1, 0, 0);
        List<CarmenRecord> in =
                List.of(
                        scan(1, 0.5, carried),
                        odom(2, 1.0, a),
                        odom(3, 2.0, b),
                        scan(4, 2.5, carried));
        List<CarmenRecord> out = ScanTimeOdometry.apply(in);
        assertThat(out.get(0)).isSameAs(in.get(0));
        assertThat(out.get(3)).isSameAs(in.get(3));
        List<CarmenRecord> scansOnly = List.of(scan(1, 0.5, carried), scan(2, 0.6, carried));
        assertThat(ScanTimeOdometry.apply(scansOnly)).isEqualTo(scansOnly);
    }

    @Test
    void aScanAtTheLastOdometryLinesTimeGetsThatOdometry() {
        Pose2 a = new Pose2(0, 0, 0);
        Pose2 b = new Pose2(1, 0, 0);
        CarmenLaser s =
                (CarmenLaser)
                        ScanTimeOdometry.apply(
                                        List.of(odom(1, 1.0, a), odom(2, 2.0, b), scan(3, 2.0, a)))
                                .get(2);
        assertThat(s.robotPose().x()).isCloseTo(1.0, offset(1e-12));
    }
}
