package io.edgeflow.slam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlamScanTest {

    @Test
    void wireAndLogScansGiveTheSameMountingOffsetAndOdometry() {
        // FR079's laser sits 4 cm ahead of the robot centre.
        List<CarmenLaser> lasers = LaserLogFixture.firstScans("fr079.clf.bz2", 1);
        CarmenLaser l = lasers.get(0);
        SlamScan fromLog = SlamScan.fromCarmen(l, true);
        assertThat(Math.hypot(fromLog.sensorOffset().x(), fromLog.sensorOffset().y()))
                .isCloseTo(0.04, within(0.005));

        LaserScan wire =
                new LaserScan(
                        1,
                        Math.round(l.timestamp() * 1e6),
                        l.angleMin(),
                        l.angleIncrement(),
                        0f,
                        l.maxRange(),
                        l.laserPose(),
                        l.robotPose(),
                        l.ranges());
        SlamScan fromWire = SlamScan.fromLaserScan(wire);
        assertThat(fromWire.time()).isCloseTo(l.timestamp(), within(1e-6));
        assertThat(fromWire.odometry()).isEqualTo(l.robotPose());
        Pose2 d = fromWire.sensorOffset().between(fromLog.sensorOffset());
        assertThat(Math.hypot(d.x(), d.y())).isLessThan(1e-9);
        assertThat(fromWire.ranges()).hasSize(360);
    }
}
