package io.edgeflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.protocol.DecodeError.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each typed error, produced on purpose. */
class FrameCodecTest {
    final FrameCodec codec = new FrameCodec();
    final byte[] good = codec.encode(NodeId.of("r"), ProtocolExamples.odometry());

    private Reason reason(byte[] bytes) {
        DecodeResult r = codec.decode(bytes);
        assertThat(r).isInstanceOf(DecodeError.class);
        return ((DecodeError) r).reason();
    }

    @Test
    void shortInputIsTruncated() {
        assertThat(reason(new byte[0])).isEqualTo(Reason.TRUNCATED);
        assertThat(reason(java.util.Arrays.copyOf(good, 15))).isEqualTo(Reason.TRUNCATED);
        assertThat(reason(java.util.Arrays.copyOf(good, good.length - 1)))
                .isEqualTo(Reason.TRUNCATED);
        assertThat(codec.decode(null)).isInstanceOf(DecodeError.class);
    }

    @Test
    void trailingBytesAreALengthMismatch() {
        assertThat(reason(java.util.Arrays.copyOf(good, good.length + 3)))
                .isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void nanPosesAndNegativeRangesAreInvalidPayloads() {
        Odometry nan = new Odometry(1, 0, new Pose2(Double.NaN, 0, 0), 0, 0);
        assertThat(nan.invalidReason()).contains("NaN");
        assertThatThrownBy(() -> codec.encode(1, nan)).isInstanceOf(IllegalArgumentException.class);
        LaserScan negative =
                new LaserScan(
                        1, 0, 0f, 0.1f, 0f, 10f, Pose2.ORIGIN, Pose2.ORIGIN, new float[] {1f, -2f});
        assertThat(negative.invalidReason()).contains("range[1]");
    }

    @Test
    void undefinedTypesAreUnknownInV1() {
        assertThat(MessageType.ofCode(7)).isEmpty();
        byte[] frame = good.clone();
        frame[2] = 7;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(frame, 0, 12);
        crc.update(frame, FrameCodec.HEADER_BYTES, frame.length - FrameCodec.HEADER_BYTES);
        FrameCodec.putInt(frame, 12, (int) crc.getValue());
        assertThat(reason(frame)).isEqualTo(Reason.UNKNOWN_TYPE);
    }

    @Test
    void heartbeatOfANodeWithoutBatteryIsValid() {
        Heartbeat hb = new Heartbeat(0, 0, "gw", 0.5f, 1, 2, Heartbeat.NO_BATTERY, 5f, List.of());
        assertThat(codec.decode(codec.encode(NodeId.of("gw"), hb)))
                .isEqualTo(new Frame(NodeId.of("gw"), Compression.NONE, hb));
    }

    @Test
    void poseHelpersComposeAndInvert() {
        Pose2 a = new Pose2(1, 2, 0.5);
        Pose2 b = new Pose2(-3, 0.5, -2.0);
        Pose2 back = a.compose(a.between(b));
        assertThat(back.x()).isCloseTo(b.x(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(back.y()).isCloseTo(b.y(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(back.theta()).isCloseTo(b.theta(), org.assertj.core.data.Offset.offset(1e-12));
    }
}
