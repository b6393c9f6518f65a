package io.edgeflow.slam.mapping2d;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.Pose2;
import org.junit.jupiter.api.Test;

class RangeDataInserterTest {

    @Test
    void hitsBecomeOccupiedAndTheRayBeforeThemFree() {
        ProbabilityGrid g = new ProbabilityGrid(0.1);
        RangeDataInserter inserter = new RangeDataInserter(0.55, 0.49);
        RangeData wallAhead =
                new RangeData(
                        Pose2.ORIGIN,
                        new PointSet(new float[] {1.05f}, new float[] {0.05f}),
                        new PointSet(new float[] {0.05f}, new float[] {-0.55f}));
        for (int i = 0; i < 10; i++) {
            inserter.insert(g, wallAhead);
        }
        assertThat(g.probability(10, 0)).isGreaterThan(0.7f);
        for (int x = 0; x < 10; x++) {
            assertThat(g.probability(x, 0)).as("cell %d", x).isLessThan(0.5f);
            assertThat(g.isKnown(x, 0)).isTrue();
        }
        // The miss ray clears its end cell too.
        assertThat(g.probability(0, -6)).isLessThan(0.5f);
        assertThat(g.isKnown(11, 0)).isFalse();
    }
}
