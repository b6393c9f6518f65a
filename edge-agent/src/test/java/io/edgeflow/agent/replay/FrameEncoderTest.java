package io.edgeflow.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.protocol.carmen.CarmenOdometry;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
    final FrameCodec codec = new FrameCodec();

    @Test
    void numbersFramesAcrossTypesAndMarksMaxRangeReadingsAsNoReturn() {
        FrameEncoder e = new FrameEncoder(codec, "robot-7");
        Pose2 p = new Pose2(1, 2, 0.3);
        byte[] odom = e.encode(new CarmenOdometry(1, 976052857.337284, p, 0.2, 0.1));
        byte[] scan =
                e.encode(
                        new CarmenLaser(
                                2,
                                976052857.4,
                                -1.57f,
                                0.0175f,
                                81.9f,
                                new float[] {1.5f, 81.9f, 0f},
                                p,
                                p));
        Frame f1 = (Frame) codec.decode(odom);
        Frame f2 = (Frame) codec.decode(scan);
        assertThat(f1.nodeId()).isEqualTo(NodeId.of("robot-7"));
        assertThat(f1.message().seq()).isZero();
        assertThat(f1.message().timestampMicros()).isEqualTo(976052857337284L);
        assertThat(((Odometry) f1.message()).pose()).isEqualTo(p);
        LaserScan s = (LaserScan) f2.message();
        assertThat(s.seq()).isEqualTo(1);
        assertThat(s.ranges()).containsExactly(1.5f, Float.POSITIVE_INFINITY, 0f);
        // 0 (a reading the log had as NaN or negative) stays below range_min: not a measurement.
        assertThat(s.ranges()[2]).isLessThan(s.rangeMin());
        DecodeResult again = codec.decode(scan);
        assertThat(again).isEqualTo(f2);
    }
}
