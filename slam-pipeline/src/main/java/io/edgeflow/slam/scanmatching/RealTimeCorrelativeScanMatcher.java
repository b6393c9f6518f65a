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
        return match(grid, initial, points, angularWindow);
    }

    /**
     * As {@link #match(ProbabilityGrid, Pose2, PointSet)}, but searching ±{@code
     * narrowAngularWindow} first and the rest of the angular window only if the best heading found
     * lies on the narrow window's edge (the peak may be beyond it). With a good prediction — the
     * usual case with odometry — a fraction of the headings are scored; a prediction off by more
     * than the narrow window still gets the full search.
     */
    public ScanMatchResult match(
            ProbabilityGrid grid, Pose2 initial, PointSet points, double narrowAngularWindow) {
        int n = points.size();
        if (n == 0 || grid.width() == 0) {
            return new ScanMatchResult(initial, 0);
        }
        Search search = new Search(grid, initial, points);
        int angularSteps = (int) Math.ceil(angularWindow / search.angleStep);
        int narrowSteps =
                Math.min(angularSteps, (int) Math.ceil(narrowAngularWindow / search.angleStep));
        for (int a = -narrowSteps; a <= narrowSteps; a++) {
            search.scoreAngle(a);
        }
        if (narrowSteps < angularSteps && Math.abs(search.bestA) >= narrowSteps - 1) {
            for (int a = -angularSteps; a <= angularSteps; a++) {
                if (Math.abs(a) > narrowSteps) {
                    search.scoreAngle(a);
                }
            }
        }
        return search.result();
    }

    /** One search's discretization, scratch arrays and best candidate so far. */
    private final class Search {
        final ProbabilityGrid grid;
        final Pose2 initial;
        final PointSet points;
        final int n;
        final double res;
        final double angleStep;
        final int linearSteps;
        final int w;
        final int h;
        final float[] prob;
        final int[] ix;
        final int[] iy;
        final int[] index;
        final int side;
        final double[] sums;
        final double[] distance;
        double bestScore = -1;
        int bestA;
        int bestDx;
        int bestDy;

        Search(ProbabilityGrid grid, Pose2 initial, PointSet points) {
            this.grid = grid;
            this.initial = initial;
            this.points = points;
            n = points.size();
            res = grid.resolution();
            double maxRange = Math.max(points.maxRange(), 3 * res);
            angleStep = Math.acos(1 - res * res / (2 * maxRange * maxRange));
            linearSteps = (int) Math.ceil(linearWindow / res);
            w = grid.width();
            h = grid.height();
            prob = grid.probabilityArray();
            ix = new int[n];
            iy = new int[n];
            index = new int[n];
            side = 2 * linearSteps + 1;
            sums = new double[side * side];
            distance = new double[side * side];
            for (int dy = -linearSteps; dy <= linearSteps; dy++) {
                for (int dx = -linearSteps; dx <= linearSteps; dx++) {
                    distance[(dy + linearSteps) * side + dx + linearSteps] =
                            Math.hypot(dx * res, dy * res);
                }
            }
        }

        /** Scores every shift at heading step {@code a}; ties keep the candidate found first. */
        void scoreAngle(int a) {
            double da = a * angleStep;
            double th = initial.theta() + da;
            double c = Math.cos(th);
            double s = Math.sin(th);
            boolean inside = true;
            for (int i = 0; i < n; i++) {
                double x = initial.x() + c * points.xs()[i] - s * points.ys()[i];
                double y = initial.y() + s * points.xs()[i] + c * points.ys()[i];
                ix[i] = (int) Math.floor(x / res) - grid.minCellX();
                iy[i] = (int) Math.floor(y / res) - grid.minCellY();
                index[i] = iy[i] * w + ix[i];
                inside &=
                        ix[i] >= linearSteps
                                && iy[i] >= linearSteps
                                && ix[i] < w - linearSteps
                                && iy[i] < h - linearSteps;
            }
            if (inside) {
                // Every shifted point falls in the grid (the usual case): one gather per shift,
                // summed in point order like the general loop below.
                for (int dy = -linearSteps; dy <= linearSteps; dy++) {
                    for (int dx = -linearSteps; dx <= linearSteps; dx++) {
                        int offset = dy * w + dx;
                        double sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += prob[index[i] + offset];
                        }
                        sums[(dy + linearSteps) * side + dx + linearSteps] = sum;
                    }
                }
            } else {
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
            }
            double rotationCost = rotationWeight * Math.abs(da);
            for (int dy = -linearSteps; dy <= linearSteps; dy++) {
                for (int dx = -linearSteps; dx <= linearSteps; dx++) {
                    int k = (dy + linearSteps) * side + dx + linearSteps;
                    double cost = translationWeight * distance[k] + rotationCost;
                    double score = sums[k] / n * Math.exp(-cost * cost);
                    if (score > bestScore) {
                        bestScore = score;
                        bestA = a;
                        bestDx = dx;
                        bestDy = dy;
                    }
                }
            }
        }

        ScanMatchResult result() {
            return new ScanMatchResult(
                    new Pose2(
                            initial.x() + bestDx * res,
                            initial.y() + bestDy * res,
                            Pose2.normalizeAngle(initial.theta() + bestA * angleStep)),
                    bestScore);
        }
    }
}
