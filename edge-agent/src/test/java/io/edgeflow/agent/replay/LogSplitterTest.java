package io.edgeflow.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.protocol.carmen.CarmenOdometry;
import io.edgeflow.protocol.carmen.CarmenRecord;
import io.edgeflow.protocol.carmen.ScanTimeOdometry;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LogSplitterTest {

    /** A robot driving a circle: scan and odometry alternating, 10 Hz. */
    static List<CarmenRecord> circle(int scans) {
        List<CarmenRecord> out = new ArrayList<>();
        for (int i = 0; i < scans; i++) {
            double a = i * 0.05;
            Pose2 pose = new Pose2(5 + 3 * Math.sin(a), 2 - 3 * Math.cos(a), a);
            out.add(new CarmenOdometry(2 * i + 1, 100 + i * 0.1, pose, 0.3, 0.5));
            out.add(
                    new CarmenLaser(
                            2 * i + 2,
                            100 + i * 0.1 + 0.05,
                            -1.5f,
                            0.1f,
                            80f,
                            new float[] {1f, 2f},
                            pose.compose(new Pose2(0.1, 0, 0)),
                            pose));
        }
        return out;
    }

    @Property(tries = 50)
    void segmentsAreContiguousAndBalanced(
            @ForAll @IntRange(min = 1, max = 9) int robots,
            @ForAll @IntRange(min = 10, max = 300) int scans) {
        List<CarmenRecord> log = circle(scans);
        List<RobotLog> parts = LogSplitter.split(log, robots, "r");
        assertThat(parts).hasSize(robots);
        // Every record is in exactly one segment, in the original order.
        List<Long> lines =
                parts.stream()
                        .flatMap(p -> p.records().stream())
                        .map(CarmenRecord::lineNumber)
                        .toList();
        assertThat(lines).isEqualTo(log.stream().map(CarmenRecord::lineNumber).toList());
        for (RobotLog p : parts) {
            long n = p.records().stream().filter(r -> r instanceof CarmenLaser).count();
            assertThat(n).isBetween((long) scans / robots, (long) scans / robots + 1);
        }
        assertThat(parts.get(robots - 1).robotName()).isEqualTo("r" + robots);
    }

    @Test
    void eachRobotStartsAtItsOwnOriginAndKeepsItsRelativeMotion() {
        List<CarmenRecord> log = circle(100);
        List<RobotLog> parts = LogSplitter.split(log, 2, "r");
        RobotLog second = parts.get(1);
        // The split falls on a scan: the second robot's log starts with scan 50 (record 101).
        CarmenLaser first = (CarmenLaser) second.records().get(0);
        assertThat(first.robotPose().x()).isZero();
        assertThat(first.robotPose().y()).isZero();
        assertThat(first.robotPose().theta()).isZero();
        // Relative motion between any two records is unchanged by re-basing.
        List<CarmenRecord> atScanTime = ScanTimeOdometry.apply(log);
        Pose2 before =
                ((CarmenLaser) atScanTime.get(101))
                        .robotPose()
                        .between(((CarmenLaser) atScanTime.get(151)).robotPose());
        Pose2 after =
                first.robotPose().between(((CarmenLaser) second.records().get(50)).robotPose());
        assertThat(after.x()).isCloseTo(before.x(), offset(1e-9));
        assertThat(after.y()).isCloseTo(before.y(), offset(1e-9));
        assertThat(after.theta()).isCloseTo(before.theta(), offset(1e-9));
        // The laser keeps its mounting offset on the robot.
        CarmenLaser scan = (CarmenLaser) second.records().get(2);
        Pose2 mount = scan.robotPose().between(scan.laserPose());
        assertThat(mount.x()).isCloseTo(0.1, offset(1e-9));
    }

    @Test
    void refusesMoreRobotsThanScans() {
        assertThatThrownBy(() -> LogSplitter.split(circle(3), 4, "r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 laser scans");
    }
}
