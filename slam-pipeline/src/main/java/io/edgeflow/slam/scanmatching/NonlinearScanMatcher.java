package io.edgeflow.slam.scanmatching;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;

/**
 * Sub-cell refinement of a pose against a grid by Levenberg–Marquardt on
 *
 * <pre>
 *   occupiedWeight/N · Σ (1 − P(T·pᵢ))²  +  translationWeight² · |t − t₀|²  +  rotationWeight² · (θ − θ₀)²
 * </pre>
 *
 * with P the bicubic interpolation of the grid and (t₀, θ₀) the prior (the motion prediction from
 * odometry, or a correlative match of it). Three unknowns, so the normal equations are a 3×3 system
 * solved in closed form.
 */
public record NonlinearScanMatcher(
        double occupiedWeight, double translationWeight, double rotationWeight, int maxIterations) {

    public ScanMatchResult match(
            ProbabilityGrid grid, Pose2 initial, Pose2 prior, PointSet points) {
        int n = points.size();
        if (n == 0) {
            return new ScanMatchResult(initial, 0);
        }
        double[] x = {initial.x(), initial.y(), initial.theta()};
        double lambda = 1e-3;
        double[] jtj = new double[9];
        double[] jtr = new double[3];
        // Each candidate is evaluated with its normal equations: accepted (the usual case), they
        // are the next iteration's, so the cost surface is sampled once per iteration, not twice.
        double cost = cost(grid, x, prior, points, jtj, jtr);
        double[] candidateJtj = new double[9];
        double[] candidateJtr = new double[3];
        for (int it = 0; it < maxIterations; it++) {
            double[] a = jtj.clone();
            for (int k = 0; k < 3; k++) {
                a[4 * k] += lambda * Math.max(jtj[4 * k], 1e-9);
            }
            double[] step = solve3(a, jtr);
            if (step == null) {
                break;
            }
            double[] candidate = {x[0] - step[0], x[1] - step[1], x[2] - step[2]};
            double candidateCost = cost(grid, candidate, prior, points, candidateJtj, candidateJtr);
            if (candidateCost < cost) {
                x = candidate;
                double[] t = jtj;
                jtj = candidateJtj;
                candidateJtj = t;
                t = jtr;
                jtr = candidateJtr;
                candidateJtr = t;
                boolean converged =
                        cost - candidateCost < 1e-10 * Math.max(cost, 1e-12)
                                || (Math.abs(step[0]) < 1e-5
                                        && Math.abs(step[1]) < 1e-5
                                        && Math.abs(step[2]) < 1e-6);
                cost = candidateCost;
                lambda = Math.max(lambda / 10, 1e-9);
                if (converged) {
                    break;
                }
            } else {
                lambda *= 10;
                if (lambda > 1e6) {
                    break;
                }
            }
        }
        Pose2 pose = new Pose2(x[0], x[1], Pose2.normalizeAngle(x[2]));
        return new ScanMatchResult(pose, GridScore.score(grid, pose, points));
    }

    /** Total cost at x; when jtj/jtr are given, also accumulates JᵀJ (3×3 row-major) and Jᵀr. */
    private double cost(
            ProbabilityGrid grid,
            double[] x,
            Pose2 prior,
            PointSet points,
            double[] jtj,
            double[] jtr) {
        int n = points.size();
        double c = Math.cos(x[2]);
        double s = Math.sin(x[2]);
        double wOcc = Math.sqrt(occupiedWeight / n);
        double[] p = new double[3];
        double sum = 0;
        if (jtj != null) {
            java.util.Arrays.fill(jtj, 0);
            java.util.Arrays.fill(jtr, 0);
        }
        for (int i = 0; i < n; i++) {
            double px = points.xs()[i];
            double py = points.ys()[i];
            double wx = x[0] + c * px - s * py;
            double wy = x[1] + s * px + c * py;
            BicubicProbability.evaluate(grid, wx, wy, p);
            double r = wOcc * (1 - p[0]);
            sum += r * r;
            if (jtj != null) {
                double j0 = -wOcc * p[1];
                double j1 = -wOcc * p[2];
                double j2 = -wOcc * (p[1] * (-s * px - c * py) + p[2] * (c * px - s * py));
                accumulate(jtj, jtr, j0, j1, j2, r);
            }
        }
        double rx = translationWeight * (x[0] - prior.x());
        double ry = translationWeight * (x[1] - prior.y());
        double rt = rotationWeight * Pose2.normalizeAngle(x[2] - prior.theta());
        sum += rx * rx + ry * ry + rt * rt;
        if (jtj != null) {
            accumulate(jtj, jtr, translationWeight, 0, 0, rx);
            accumulate(jtj, jtr, 0, translationWeight, 0, ry);
            accumulate(jtj, jtr, 0, 0, rotationWeight, rt);
        }
        return sum;
    }

    private static void accumulate(
            double[] jtj, double[] jtr, double j0, double j1, double j2, double r) {
        jtj[0] += j0 * j0;
        jtj[1] += j0 * j1;
        jtj[2] += j0 * j2;
        jtj[4] += j1 * j1;
        jtj[5] += j1 * j2;
        jtj[8] += j2 * j2;
        jtj[3] = jtj[1];
        jtj[6] = jtj[2];
        jtj[7] = jtj[5];
        jtr[0] += j0 * r;
        jtr[1] += j1 * r;
        jtr[2] += j2 * r;
    }

    /** Solves the symmetric 3×3 system a·x = b by Cramer's rule; null if singular. */
    static double[] solve3(double[] a, double[] b) {
        double det =
                a[0] * (a[4] * a[8] - a[5] * a[7])
                        - a[1] * (a[3] * a[8] - a[5] * a[6])
                        + a[2] * (a[3] * a[7] - a[4] * a[6]);
        if (!(Math.abs(det) > 1e-300)) {
            return null;
        }
        double x0 =
                (b[0] * (a[4] * a[8] - a[5] * a[7])
                                - a[1] * (b[1] * a[8] - a[5] * b[2])
                                + a[2] * (b[1] * a[7] - a[4] * b[2]))
                        / det;
        double x1 =
                (a[0] * (b[1] * a[8] - a[5] * b[2])
                                - b[0] * (a[3] * a[8] - a[5] * a[6])
                                + a[2] * (a[3] * b[2] - b[1] * a[6]))
                        / det;
        double x2 =
                (a[0] * (a[4] * b[2] - b[1] * a[7])
                                - a[1] * (a[3] * b[2] - b[1] * a[6])
                                + b[0] * (a[3] * a[7] - a[4] * a[6]))
                        / det;
        return new double[] {x0, x1, x2};
    }
}
