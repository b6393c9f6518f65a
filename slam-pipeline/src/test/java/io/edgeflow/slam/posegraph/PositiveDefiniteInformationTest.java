package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class PositiveDefiniteInformationTest {

    @Test
    void leavesPositiveDefiniteMatricesAlone() {
        assertThat(PositiveDefiniteInformation.nearest(new double[] {2, 1, 1, 2}, 2)).isNull();
    }

    @Test
    void clipsTheNegativeEigenvalueOfAnIndefiniteMatrix() {
        // eigenvalues 3 (vector (1,1)/√2) and −1 (vector (1,−1)/√2)
        double[] fixed = PositiveDefiniteInformation.nearest(new double[] {1, 2, 2, 1}, 2);
        assertThat(fixed).isNotNull();
        // the positive part 3·vvᵀ plus a tiny floor on the clipped direction
        assertThat(fixed[0]).isCloseTo(1.5, offset(1e-8));
        assertThat(fixed[1]).isCloseTo(1.5, offset(1e-8));
        assertThat(fixed[3]).isCloseTo(1.5, offset(1e-8));
        assertThat(fixed[0] * fixed[3] - fixed[1] * fixed[2]).isPositive();
    }
}
