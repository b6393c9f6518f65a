package io.edgeflow.slam.scanmatching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import org.junit.jupiter.api.Test;

class BicubicProbabilityTest {

    @Test
    void interpolatesCellCentresExactlyAndItsGradientMatchesFiniteDifferences() {
        ProbabilityGrid grid = RealScanGrid.gridAt(Pose2.ORIGIN);
        double[] v = new double[3];
        int checked = 0;
        for (int cy = grid.minCellY(); cy < grid.minCellY() + grid.height(); cy += 5) {
            for (int cx = grid.minCellX(); cx < grid.minCellX() + grid.width(); cx += 5) {
                BicubicProbability.evaluate(grid, (cx + 0.5) * 0.05, (cy + 0.5) * 0.05, v);
                assertThat(v[0]).isCloseTo(grid.probability(cx, cy), within(1e-6));
                double x = (cx + 0.81) * 0.05;
                double y = (cy + 0.23) * 0.05;
                double h = 1e-6;
                double[] a = new double[3];
                double[] b = new double[3];
                BicubicProbability.evaluate(grid, x, y, v);
                BicubicProbability.evaluate(grid, x + h, y, a);
                BicubicProbability.evaluate(grid, x - h, y, b);
                assertThat(v[1]).isCloseTo((a[0] - b[0]) / (2 * h), within(1e-3));
                BicubicProbability.evaluate(grid, x, y + h, a);
                BicubicProbability.evaluate(grid, x, y - h, b);
                assertThat(v[2]).isCloseTo((a[0] - b[0]) / (2 * h), within(1e-3));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}
