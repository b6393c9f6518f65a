package io.edgeflow.slam.mapping2d;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.Pose2;
import org.junit.jupiter.api.Test;

class MotionFilterTest {
    private final MotionFilter filter = new MotionFilter(5.0, 0.2, Math.toRadians(1));
    private final MotionFilter.Last last = new MotionFilter.Last(10.0, new Pose2(1, 1, 0));

    @Test
    void passesOnDistanceAngleOrTime() {
        assertThat(filter.isSimilar(null, 0, Pose2.ORIGIN)).isFalse();
        assertThat(filter.isSimilar(last, 11, new Pose2(1.1, 1.1, 0.01))).isTrue();
        assertThat(filter.isSimilar(last, 11, new Pose2(1.2, 1.2, 0))).isFalse();
        assertThat(filter.isSimilar(last, 11, new Pose2(1, 1, Math.toRadians(2)))).isFalse();
        assertThat(filter.isSimilar(last, 15.5, new Pose2(1, 1, 0))).isFalse();
    }
}
