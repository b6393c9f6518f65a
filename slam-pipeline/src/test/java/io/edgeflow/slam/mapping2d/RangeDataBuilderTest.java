package io.edgeflow.slam.mapping2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeflow.protocol.Pose2;
import org.junit.jupiter.api.Test;

class RangeDataBuilderTest {
    private final RangeDataBuilder builder = new RangeDataBuilder(0.1, 10.0, 2.0);

    @Test
    void beamsBecomePointsWithTheSensorOffsetApplied() {
        // Three beams at -90°, 0°, +90° from a sensor 0.5 m ahead of the robot, turned by 90°.
        float[] ranges = {1f, 2f, 3f};
        RangeData d =
                builder.build(
                        (float) -Math.PI / 2,
                        (float) Math.PI / 2,
                        ranges,
                        81.9f,
                        new Pose2(0.5, 0, Math.PI / 2));
        assertThat(d.hits().size()).isEqualTo(3);
        // -90° in the sensor is 0° for the robot: 1 m ahead of the sensor.
        assertThat(d.hits().xs()[0]).isCloseTo(1.5f, within(1e-5f));
        assertThat(d.hits().ys()[0]).isCloseTo(0f, within(1e-5f));
        // 0° in the sensor is +90° for the robot.
        assertThat(d.hits().xs()[1]).isCloseTo(0.5f, within(1e-5f));
        assertThat(d.hits().ys()[1]).isCloseTo(2f, within(1e-5f));
        assertThat(d.origin()).isEqualTo(new Pose2(0.5, 0, Math.PI / 2));
    }

    @Test
    void shortAndInvalidReadingsAreDroppedAndLongOnesBecomeShortenedMisses() {
        float[] ranges = {0f, 0.05f, 5f, 20f, 81.9f};
        RangeData d = builder.build(0f, 0.1f, ranges, 81.9f, Pose2.ORIGIN);
        assertThat(d.hits().size()).isEqualTo(1);
        assertThat(d.misses().size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(Math.hypot(d.misses().xs()[i], d.misses().ys()[i]))
                    .isCloseTo(2.0, within(1e-5));
        }
    }
}
