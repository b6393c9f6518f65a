package io.edgeflow.slam.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.TimedPose;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelationMetricTest {

    // Estimated trajectory: start at the origin facing +x, drive 1 m, turn left 90°, drive 1 m.
    private final List<TimedPose> poses =
            List.of(
                    new TimedPose(1.0, new Pose2(0, 0, 0)),
                    new TimedPose(2.0, new Pose2(1, 0, 0)),
                    new TimedPose(3.0, new Pose2(1, 0, Math.PI / 2)),
                    new TimedPose(4.0, new Pose2(1, 1, Math.PI / 2)));

    @Test
    void handMadeRelations() throws Exception {
        // Relation A (1→2): truth 1.1 m ahead; estimate 1.0 → 0.1 m, 0°.
        // Relation B (2→4): truth (0, 1, 90°+2°); estimate (0, 1, 90°) → 0 m, 2°.
        // Relation C (3→4): truth 1 m ahead in the frame at t=3 → 0 m, 0°. Written with t1/t2
        //   1 ms off the scan times, which the tolerance absorbs.
        // Relation D: t=9 has no scan → unmatched.
        String text =
                """
                # t1 t2 x y z roll pitch yaw
                1.0 2.0 1.1 0 0 0 0 0
                2.0 4.0 0 1 0 0 0 %s
                3.0005 3.9995 1.0 0.0 0 0 0 0

                1.0 9.0 1 0 0 0 0 0
                """
                        .formatted(Math.toRadians(92));
        List<Relation> relations =
                RelationsReader.read(
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "test");
        assertThat(relations).hasSize(4);

        RelationMetric.Result r = RelationMetric.evaluate(poses, relations, 0.001);

        assertThat(r.unmatched()).isEqualTo(1);
        assertThat(r.translation().count()).isEqualTo(3);
        // translations {0.1, 0, 0}: mean 0.1/3, population std sqrt(((0.2/3)² + 2·(0.1/3)²)/3)
        assertThat(r.translation().mean()).isCloseTo(0.1 / 3, within(1e-9));
        assertThat(r.translation().std())
                .isCloseTo(Math.sqrt((0.04 / 9 + 2 * 0.01 / 9) / 3), within(1e-9));
        assertThat(r.translationSquared().mean()).isCloseTo(0.01 / 3, within(1e-9));
        // rotations {0°, 2°, 0°}
        assertThat(r.rotationDeg().mean()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(r.rotationDegSquared().mean()).isCloseTo(4.0 / 3, within(1e-9));
    }

    @Test
    void translationErrorIsRotationInvariant() {
        // Same relative error seen from a rotated trajectory gives the same number.
        List<TimedPose> rotated =
                List.of(
                        new TimedPose(1.0, new Pose2(5, 5, 1.0)),
                        new TimedPose(2.0, new Pose2(5, 5, 1.0).compose(new Pose2(1, 0, 0))));
        List<Relation> rel = List.of(new Relation(1.0, 2.0, new Pose2(1.0, 0.05, 0)));
        RelationMetric.Result r = RelationMetric.evaluate(rotated, rel, 0.001);
        assertThat(r.translation().mean()).isCloseTo(0.05, within(1e-9));
    }
}
