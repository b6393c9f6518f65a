package io.edgeflow.slam.scanmatching;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The local matcher (correlative search + Levenberg–Marquardt) recovers a known offset: a real
 * scan's grid is placed at a random pose, another real scan from the same spot is started from a
 * perturbed pose, and the match must land back on the placement.
 */
class ScanMatcherProperties {
    private static final RealTimeCorrelativeScanMatcher CORRELATIVE =
            new RealTimeCorrelativeScanMatcher(0.1, Math.toRadians(20), 0.1, 0.1);
    private static final NonlinearScanMatcher NONLINEAR = new NonlinearScanMatcher(1, 10, 40, 20);
    private static final PointSet POINTS = RealScanGrid.matchingPoints();

    @Property(tries = 25)
    void recoversAKnownOffset(
            @ForAll @DoubleRange(min = -20, max = 20) double x,
            @ForAll @DoubleRange(min = -20, max = 20) double y,
            @ForAll @DoubleRange(min = -3.1, max = 3.1) double theta,
            @ForAll @DoubleRange(min = -0.09, max = 0.09) double dx,
            @ForAll @DoubleRange(min = -0.09, max = 0.09) double dy,
            @ForAll @DoubleRange(min = -0.25, max = 0.25) double dTheta) {
        Pose2 truth = new Pose2(x, y, theta);
        ProbabilityGrid grid = RealScanGrid.gridAt(truth);
        Pose2 start = new Pose2(x + dx, y + dy, theta + dTheta);

        ScanMatchResult coarse = CORRELATIVE.match(grid, start, POINTS);
        ScanMatchResult fine = NONLINEAR.match(grid, coarse.pose(), coarse.pose(), POINTS);

        // Within one 5 cm cell: the scan looks down a corridor, whose axis the map pins only
        // through the few cross walls (in the engine the odometry prior holds that axis; here
        // there is none), and the two scans differ by sensor noise.
        Pose2 error = truth.between(fine.pose());
        assertThat(Math.hypot(error.x(), error.y())).isLessThan(0.05);
        assertThat(Math.abs(error.theta())).isLessThan(Math.toRadians(0.5));
        assertThat(fine.score()).isGreaterThan(0.4);
    }

    @Property(tries = 25)
    void refinementAloneConvergesFromWithinACell(
            @ForAll @DoubleRange(min = -0.03, max = 0.03) double dx,
            @ForAll @DoubleRange(min = -0.03, max = 0.03) double dy,
            // ±0.3°: far points (10–20 m) then also start within about a cell of their wall.
            @ForAll @DoubleRange(min = -0.3, max = 0.3) double dThetaDegrees) {
        double dTheta = Math.toRadians(dThetaDegrees);
        Pose2 truth = new Pose2(1.3, -0.7, 0.4);
        ProbabilityGrid grid = RealScanGrid.gridAt(truth);
        Pose2 start = new Pose2(truth.x() + dx, truth.y() + dy, truth.theta() + dTheta);
        // No prior pull: the map alone must bring the pose back.
        ScanMatchResult fine =
                new NonlinearScanMatcher(1, 0, 0, 50).match(grid, start, start, POINTS);
        Pose2 error = truth.between(fine.pose());
        assertThat(Math.hypot(error.x(), error.y())).isLessThan(0.025);
        assertThat(Math.abs(error.theta())).isLessThan(Math.toRadians(0.3));
    }
}
