package io.edgeflow.slam.scanmatching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Branch-and-bound finds the brute-force optimum of the same discretized window. */
class BranchAndBoundProperties {
    private static final Pose2 TRUTH = new Pose2(0.4, -0.2, 0.3);
    private static final ProbabilityGrid GRID = RealScanGrid.gridAt(TRUTH);
    private static final PointSet POINTS = RealScanGrid.matchingPoints();

    @Property(tries = 20)
    void equalsBruteForceOnSmallWindows(
            @ForAll @DoubleRange(min = -0.5, max = 0.5) double dx,
            @ForAll @DoubleRange(min = -0.5, max = 0.5) double dy,
            @ForAll @DoubleRange(min = -0.1, max = 0.1) double dTheta,
            @ForAll @IntRange(min = 0, max = 5) int depth) {
        BranchAndBoundScanMatcher matcher = new BranchAndBoundScanMatcher(GRID, depth);
        Pose2 start = new Pose2(TRUTH.x() + dx, TRUTH.y() + dy, TRUTH.theta() + dTheta);
        double linear = 0.3;
        double angular = Math.toRadians(3);

        ScanMatchResult exhaustive = matcher.bruteForce(start, POINTS, linear, angular);
        ScanMatchResult bb = matcher.match(start, POINTS, linear, angular, 0.0);

        assertThat(bb).isNotNull();
        assertThat(bb.score()).isCloseTo(exhaustive.score(), within(1e-9));
        // Its score is the real score of the pose it returns.
        assertThat(GridScore.score(GRID, bb.pose(), POINTS)).isCloseTo(bb.score(), within(1e-6));
    }

    @Property(tries = 10)
    void findsTheTruePoseInALargeWindow(
            @ForAll @DoubleRange(min = -2, max = 2) double dx,
            @ForAll @DoubleRange(min = -2, max = 2) double dy,
            @ForAll @DoubleRange(min = -0.4, max = 0.4) double dTheta) {
        BranchAndBoundScanMatcher matcher = new BranchAndBoundScanMatcher(GRID, 7);
        Pose2 start = new Pose2(TRUTH.x() + dx, TRUTH.y() + dy, TRUTH.theta() + dTheta);
        ScanMatchResult bb = matcher.match(start, POINTS, 2.5, Math.toRadians(30), 0.3);
        assertThat(bb).isNotNull();
        Pose2 error = TRUTH.between(bb.pose());
        assertThat(Math.hypot(error.x(), error.y())).isLessThan(0.08);
        assertThat(Math.abs(error.theta())).isLessThan(Math.toRadians(1.5));
    }

    @Property(tries = 5)
    void precomputedLevelsBoundTheirBlocks(@ForAll @IntRange(min = 1, max = 6) int d) {
        PrecomputationGridStack stack = new PrecomputationGridStack(GRID, d);
        int w = 1 << d;
        for (int cy = GRID.minCellY() - w; cy < GRID.minCellY() + GRID.height(); cy += 7) {
            for (int cx = GRID.minCellX() - w; cx < GRID.minCellX() + GRID.width(); cx += 7) {
                float max = ProbabilityGrid.MIN_PROBABILITY;
                for (int y = cy; y < cy + w; y++) {
                    for (int x = cx; x < cx + w; x++) {
                        max = Math.max(max, GRID.probability(x, y));
                    }
                }
                assertThat(stack.value(d, cx, cy)).isEqualTo(max);
            }
        }
    }
}
