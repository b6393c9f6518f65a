package io.edgeflow.operators.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.edgeflow.protocol.Compression;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The keyed operator in Flink's operator test harness, with real keyed state and snapshots. */
class DeadReckoningTest {
    static final int ROBOT = 42;

    static KeyedOneInputStreamOperatorTestHarness<Integer, Frame, RobotPose> harness()
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Integer, Frame, RobotPose> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DeadReckoning()), Frame::nodeId, Types.INT);
        h.setup(
                TypeInformation.of(RobotPose.class)
                        .createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    static StreamRecord<Frame> odom(long seq, Pose2 pose) {
        return new StreamRecord<>(
                new Frame(ROBOT, Compression.NONE, new Odometry(seq, seq * 1000, pose, 0, 0)), seq);
    }

    static List<RobotPose> output(
            KeyedOneInputStreamOperatorTestHarness<Integer, Frame, RobotPose> h) {
        return h.extractOutputValues();
    }

    @Test
    void posesAreRelativeToTheRobotsFirstOdometryPose() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(odom(0, new Pose2(10, 5, Math.PI / 2)));
            h.processElement(odom(1, new Pose2(10, 7, Math.PI / 2)));
            List<RobotPose> out = output(h);
            assertThat(out).hasSize(2);
            assertThat(out.get(0).estimate().pose()).isEqualTo(Pose2.ORIGIN);
            // Two metres "up" in the world is two metres straight ahead of the robot.
            assertThat(out.get(1).estimate().pose().x()).isCloseTo(2, offset(1e-12));
            assertThat(out.get(1).estimate().pose().y()).isCloseTo(0, offset(1e-12));
        }
    }

    @Test
    void duplicatesAreDroppedGapsCountedHeartbeatsYieldNoPose() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(odom(0, Pose2.ORIGIN));
            h.processElement(odom(0, Pose2.ORIGIN)); // duplicate
            h.processElement(
                    new StreamRecord<>(
                            new Frame(
                                    ROBOT,
                                    Compression.NONE,
                                    new Heartbeat(1, 0, "r", 0.1f, 1, 2, 0.5f, 1f, List.of()))));
            h.processElement(odom(4, new Pose2(1, 0, 0))); // seq 2, 3 lost
            assertThat(output(h)).extracting(p -> p.estimate().seq()).containsExactly(0L, 4L);
        }
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(odom(0, new Pose2(3, 3, 0)));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(odom(0, new Pose2(3, 3, 0))); // replayed after restore: a duplicate
            h.processElement(odom(1, new Pose2(4, 3, 0)));
            List<RobotPose> out = output(h);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).estimate().pose().x()).isCloseTo(1, offset(1e-12));
        }
    }
}
