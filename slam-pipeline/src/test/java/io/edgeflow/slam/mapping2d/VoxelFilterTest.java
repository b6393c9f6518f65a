package io.edgeflow.slam.mapping2d;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VoxelFilterTest {

    @Test
    void keepsOnePointPerVoxelInInputOrder() {
        PointSet p =
                new PointSet(
                        new float[] {0.01f, 0.02f, 0.3f, -0.01f},
                        new float[] {0.01f, 0.03f, 0.0f, 0.0f});
        PointSet f = VoxelFilter.filter(p, 0.1);
        assertThat(f.xs()).containsExactly(0.01f, 0.3f, -0.01f);
    }

    @Test
    void adaptiveFilterKeepsAtLeastTheTargetCountWhenTheInputHasIt() {
        int n = 1000;
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            xs[i] = (float) (5 * Math.cos(a));
            ys[i] = (float) (5 * Math.sin(a));
        }
        PointSet f = VoxelFilter.adaptive(new PointSet(xs, ys), 0.5, 200, 50);
        assertThat(f.size()).isBetween(200, 999);
        PointSet outOfRange = VoxelFilter.adaptive(new PointSet(xs, ys), 0.5, 200, 4);
        assertThat(outOfRange.size()).isZero();
    }
}
