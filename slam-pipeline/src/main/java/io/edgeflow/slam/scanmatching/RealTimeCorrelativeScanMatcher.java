package io.edgeflow.slam.scanmatching;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;

/**
 * Exhaustive search over a small window of poses around an initial estimate (Olson's real-time
 * correlative matching at one resolution): every rotation step in ±{@code angularWindow} and every
 * whole-cell shift in ±{@code linearWindow} is scored, and the score is discounted by the distance
 * from the estimate so that ties in featureless corridors stay near the prior. The rotation step is
 * the angle that moves the farthest point by one cell.
 */
public record RealTimeCorrelativeScanMatcher(
        double linearWindow,
        double angularWindow,
        double translationWeight,
        double rotationWeight) {

    public ScanMatchResult match(ProbabilityGrid grid, Pose2 initial, PointSet points) {
        int n = points.size();
        if (n == 0 || grid.width() == 0) {
            return new ScanMatchResult(initial, 0);
        }
        double res = grid.resolution();
        double maxRange = Math.max(points.maxRange(), 3 * res);
        double angleStep = Math.acos(1 - res * res / (2 * maxRange * maxRange));
        int angularSteps = (int) Math.ceil(angularWindow / angleStep);
        int linearSteps = (int) Math.ceil(linearWindow / res);
        int w = grid.width();
        int h = grid.height();
        float[] prob = grid.probabilityArray();
        int[] ix = new int[n];
        int[] iy = new int[n];
        double bestScore = -1;
        double bestA = 0;
        int bestDx = 0;
        int bestDy = 0;
        int side = 2 * linearSteps + 1;
        double[] sums = new double[side * side];
        for (int a = -angularSteps; a <= angularSteps; a++) {
            double da = a * angleStep;
            double th = initial.theta() + da;
            double c = Math.cos(th);
            double s = Math.sin(th);
            for (int i = 0; i < n; i++) {
                double x = initial.x() + c * points.xs()[i] - s * points.ys()[i];
                double y = initial.y() + s * points.xs()[i] + c * points.ys()[i];
                ix[i] = (int) Math.floor(x / res) - grid.minCellX();
                iy[i] = (int) Math.floor(y / res) - grid.minCellY();
            }
            java.util.Arrays.fill(sums, 0);
            for (int i = 0; i < n; i++) {
                for (int dy = -linearSteps; dy <= linearSteps; dy++) {
                    int y = iy[i] + dy;
                    int row = (dy + linearSteps) * side + linearSteps;
                    if (y < 0 || y >= h) {
                        for (int dx = -linearSteps; dx <= linearSteps; dx++) {
                            sums[row + dx] += ProbabilityGrid.MIN_PROBABILITY;
                        }
                        continue;
                    }
                    int base = y * w;
                    for (int dx = -linearSteps; dx <= linearSteps; dx++) {
                        int x = ix[i] + dx;
                        sums[row + dx] +=
                                (x < 0 || x >= w)
                                        ? ProbabilityGrid.MIN_PROBABILITY
                                        : prob[base + x];
                    }
                }
            }
            double rotationCost = rotationWeight * Math.abs(da);
            for (int dy = -linearSteps; dy <= linearSteps; dy++) {
                for (int dx = -linearSteps; dx <= linearSteps; dx++) {
                    double cost = translationWeight * Math.hypot(dx * res, dy * res) + rotationCost;
                    double score =
                            sums[(dy + linearSteps) * side + dx + linearSteps]
                                    / n
                                    * Math.exp(-cost * cost);
                    if (score > bestScore) {
                        bestScore = score;
                        bestA = da;
                        bestDx = dx;
                        bestDy = dy;
                    }
                }
            }
        }
        return new ScanMatchResult(
                new Pose2(
                        initial.x() + bestDx * res,
                        initial.y() + bestDy * res,
                        Pose2.normalizeAngle(initial.theta() + bestA)),
                bestScore);
    }
}
