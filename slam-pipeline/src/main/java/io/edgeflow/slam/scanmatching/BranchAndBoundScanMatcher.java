package io.edgeflow.slam.scanmatching;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact search for the best-scoring pose in a large window (Hess et al. 2016, "Real-Time Loop
 * Closure in 2D LIDAR SLAM"): the same discretization as an exhaustive search — rotations in steps
 * that move the farthest point by one cell, whole-cell translations — but explored depth-first over
 * the {@link PrecomputationGridStack}, where a coarse candidate's score bounds all finer ones below
 * it, so most of the window is never scored. Returns the same optimum as brute force.
 */
public final class BranchAndBoundScanMatcher {
    private final ProbabilityGrid grid;
    private final PrecomputationGridStack stack;

    public BranchAndBoundScanMatcher(ProbabilityGrid grid, int depth) {
        this.grid = grid;
        this.stack = new PrecomputationGridStack(grid, depth);
    }

    public ProbabilityGrid grid() {
        return grid;
    }

    public PrecomputationGridStack stack() {
        return stack;
    }

    private record Candidate(int scan, int xOffset, int yOffset, double score) {}

    /**
     * The rotated scans of a search, as integer cells, their bounding boxes ({min x, max x, min y,
     * max y}) and the window in cells.
     */
    private record Search(double[] angles, int[][] xs, int[][] ys, int[][] bounds, int linear) {}

    /**
     * Best pose within ±linearWindow, ±angularWindow of {@code initial} whose score exceeds {@code
     * minScore}, or null if there is none.
     */
    public ScanMatchResult match(
            Pose2 initial,
            PointSet points,
            double linearWindow,
            double angularWindow,
            double minScore) {
        if (points.size() == 0) {
            return null;
        }
        Search search = discretize(initial, points, linearWindow, angularWindow);
        int d = stack.depth();
        List<Candidate> candidates = new ArrayList<>();
        int step = 1 << d;
        for (int s = 0; s < search.angles().length; s++) {
            for (int x = -search.linear(); x <= search.linear(); x += step) {
                for (int y = -search.linear(); y <= search.linear(); y += step) {
                    candidates.add(scored(search, d, s, x, y));
                }
            }
        }
        candidates.sort((a, b) -> Double.compare(b.score(), a.score()));
        Candidate best = branchAndBound(search, candidates, d, minScore);
        if (best == null || best.score() <= minScore) {
            return null;
        }
        return toResult(initial, search, best);
    }

    /** The exhaustive search over the same discretization, for tests and tiny windows. */
    public ScanMatchResult bruteForce(
            Pose2 initial, PointSet points, double linearWindow, double angularWindow) {
        Search search = discretize(initial, points, linearWindow, angularWindow);
        Candidate best = null;
        for (int s = 0; s < search.angles().length; s++) {
            for (int x = -search.linear(); x <= search.linear(); x++) {
                for (int y = -search.linear(); y <= search.linear(); y++) {
                    Candidate c = scored(search, 0, s, x, y);
                    if (best == null || c.score() > best.score()) {
                        best = c;
                    }
                }
            }
        }
        return toResult(initial, search, best);
    }

    private Candidate branchAndBound(
            Search search, List<Candidate> candidates, int d, double minScore) {
        if (d == 0) {
            return candidates.isEmpty() ? null : candidates.get(0);
        }
        Candidate best = null;
        double bestScore = minScore;
        int half = 1 << (d - 1);
        for (Candidate c : candidates) {
            if (c.score() <= bestScore) {
                break;
            }
            List<Candidate> children = new ArrayList<>(4);
            for (int dx = 0; dx <= half; dx += half) {
                if (c.xOffset() + dx > search.linear()) {
                    break;
                }
                for (int dy = 0; dy <= half; dy += half) {
                    if (c.yOffset() + dy > search.linear()) {
                        break;
                    }
                    children.add(
                            scored(search, d - 1, c.scan(), c.xOffset() + dx, c.yOffset() + dy));
                }
            }
            children.sort((a, b) -> Double.compare(b.score(), a.score()));
            Candidate found = branchAndBound(search, children, d - 1, bestScore);
            if (found != null && found.score() > bestScore) {
                best = found;
                bestScore = found.score();
            }
        }
        return best;
    }

    private Candidate scored(Search search, int d, int s, int xOffset, int yOffset) {
        int[] xs = search.xs()[s];
        double sum = stack.sum(d, xs, search.ys()[s], search.bounds()[s], xOffset, yOffset);
        return new Candidate(s, xOffset, yOffset, sum / xs.length);
    }

    private Search discretize(
            Pose2 initial, PointSet points, double linearWindow, double angularWindow) {
        double res = grid.resolution();
        double maxRange = Math.max(points.maxRange(), 3 * res);
        double angleStep = Math.acos(1 - res * res / (2 * maxRange * maxRange));
        int steps = (int) Math.ceil(angularWindow / angleStep);
        int n = points.size();
        double[] angles = new double[2 * steps + 1];
        int[][] xs = new int[angles.length][n];
        int[][] ys = new int[angles.length][n];
        int[][] bounds = new int[angles.length][];
        for (int k = -steps; k <= steps; k++) {
            int s = k + steps;
            angles[s] = k * angleStep;
            double th = initial.theta() + angles[s];
            double c = Math.cos(th);
            double si = Math.sin(th);
            for (int i = 0; i < n; i++) {
                double x = initial.x() + c * points.xs()[i] - si * points.ys()[i];
                double y = initial.y() + si * points.xs()[i] + c * points.ys()[i];
                xs[s][i] = grid.cellX(x);
                ys[s][i] = grid.cellY(y);
            }
            bounds[s] = boundsOf(xs[s], ys[s]);
        }
        return new Search(angles, xs, ys, bounds, (int) Math.ceil(linearWindow / res));
    }

    private static int[] boundsOf(int[] xs, int[] ys) {
        int[] b = {Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int i = 0; i < xs.length; i++) {
            b[0] = Math.min(b[0], xs[i]);
            b[1] = Math.max(b[1], xs[i]);
            b[2] = Math.min(b[2], ys[i]);
            b[3] = Math.max(b[3], ys[i]);
        }
        return b;
    }

    private ScanMatchResult toResult(Pose2 initial, Search search, Candidate c) {
        double res = grid.resolution();
        return new ScanMatchResult(
                new Pose2(
                        initial.x() + c.xOffset() * res,
                        initial.y() + c.yOffset() * res,
                        Pose2.normalizeAngle(initial.theta() + search.angles()[c.scan()])),
                c.score());
    }
}
