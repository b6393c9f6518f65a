package io.edgeflow.slam.posegraph;

import java.util.Arrays;

/**
 * Graduated non-convexity with the truncated-least-squares loss (Yang, Antonante, Tzoumas, Carlone,
 * RA-L 2020). The TLS loss min(s, c̄²) ignores any edge whose squared error s exceeds c̄²; GNC
 * reaches it from the convex least-squares problem through the surrogates ρ_μ, solving a weighted
 * least-squares problem for each μ and updating the weights in closed form:
 *
 * <pre>
 *   w = 1                              if s ≤ μ/(μ+1)·c̄²
 *   w = 0                              if s ≥ (μ+1)/μ·c̄²
 *   w = c̄·√(μ(μ+1)/s) − μ              otherwise,
 * </pre>
 *
 * with μ₀ = c̄²/(2·s_max − c̄²) and μ ← 1.4·μ until the weights are binary. Odometry edges (between
 * consecutive ids) can be declared known inliers, as is usual for pose graphs; the residuals that
 * set μ₀ are those of the caller's initial guess, which should be odometry chaining.
 */
public final class GraduatedNonConvexity {
    private final SolverOptions options;
    private final double thresholdSquared;
    private final boolean trustOdometry;

    /** Outcome: the final solve, each edge's weight (1 inlier, 0 rejected) and the GNC steps. */
    public record Result(OptimizationResult solve, double[] weights, int rejected, int steps) {}

    /**
     * @param thresholdSquared c̄², the largest squared Mahalanobis error of an inlier
     * @param trustOdometry treat edges between consecutive ids as known inliers
     */
    public GraduatedNonConvexity(
            SolverOptions options, double thresholdSquared, boolean trustOdometry) {
        if (!(thresholdSquared > 0)) {
            throw new IllegalArgumentException("GNC threshold must be positive");
        }
        this.options = options.withKernel(RobustKernel.QUADRATIC);
        this.thresholdSquared = thresholdSquared;
        this.trustOdometry = trustOdometry;
    }

    /** Same poses (ids, order, values) with only the edges of weight 1. */
    private static PoseGraph inlierGraph(PoseGraph graph, double[] w) {
        PoseGraph g = new PoseGraph(graph.space());
        for (int i = 0; i < graph.poseCount(); i++) {
            g.ensurePose(graph.id(i));
        }
        g.restoreState(graph.copyState());
        for (int k = 0; k < graph.edgeCount(); k++) {
            if (w[k] == 1) {
                BetweenFactor f = graph.betweenFactors().get(k);
                g.addBetween(graph.id(f.from()), graph.id(f.to()), f.measured(), f.information());
            }
        }
        for (PriorFactor p : graph.priorFactors()) {
            g.addPrior(graph.id(p.key()), p.measured(), p.information());
        }
        return g;
    }

    /** c̄² at the χ² 99 % quantile of one edge's error. */
    public static double defaultThresholdSquared(PoseSpace space) {
        return space == PoseSpace.SE2 ? 11.34486673 : 16.81189383;
    }

    public Result solve(PoseGraph graph) {
        long t0 = System.nanoTime();
        int m = graph.edgeCount();
        boolean[] known = new boolean[m];
        for (int k = 0; k < m; k++) {
            BetweenFactor f = graph.betweenFactors().get(k);
            known[k] = trustOdometry && Math.abs(graph.id(f.to()) - graph.id(f.from())) == 1;
        }
        double[] w = new double[m];
        Arrays.fill(w, 1);
        // inner solves need not be tight: the weights move on anyway, and each starts from the
        // previous solution; the final solve with binary weights runs to full tolerance
        LevenbergMarquardt inner =
                new LevenbergMarquardt(
                        options.withRelativeCostTolerance(1e-6).withMaxIterations(8));
        // Start from the caller's initial guess (odometry chaining, which satisfies every known
        // inlier) rather than from the least-squares solution with all edges: with 10 % random
        // closures that solution is already bent out of the right basin (intel: ATE 3.2 m vs
        // 0.5 m from odometry).
        FactorResiduals residuals = new FactorResiduals(graph, options.rotationResidual());
        double initialCost = residuals.cost(RobustKernel.QUADRATIC, w);
        double[] s = residuals.betweenErrors();
        double c2 = thresholdSquared;
        double sMax = 0;
        for (int k = 0; k < m; k++) {
            if (!known[k]) {
                sMax = Math.max(sMax, s[k]);
            }
        }
        int steps = 0;
        if (2 * sMax > c2) {
            double mu = c2 / (2 * sMax - c2);
            while (steps < 1000) {
                steps++;
                boolean binary = true;
                for (int k = 0; k < m; k++) {
                    if (known[k]) {
                        continue;
                    }
                    if (s[k] >= (mu + 1) / mu * c2) {
                        w[k] = 0;
                    } else if (s[k] <= mu / (mu + 1) * c2) {
                        w[k] = 1;
                    } else {
                        w[k] = Math.sqrt(c2 * mu * (mu + 1) / s[k]) - mu;
                        binary = false;
                    }
                }
                inner.optimize(graph, w);
                s = residuals.betweenErrors();
                if (binary) {
                    break;
                }
                mu *= 1.4;
            }
        }
        int rejected = 0;
        for (int k = 0; k < m; k++) {
            w[k] = w[k] >= 0.5 ? 1 : 0;
            rejected += w[k] == 0 ? 1 : 0;
        }
        // The poses GNC tracked may sit in a local basin; the inliers alone are a clean graph, so
        // re-initialize them by the chordal relaxation and solve that to full tolerance.
        PoseGraph inliers = inlierGraph(graph, w);
        OptimizationResult last;
        try {
            ChordalInitialization.apply(inliers);
            last = new LevenbergMarquardt(options).optimize(inliers);
            graph.restoreState(inliers.copyState());
        } catch (IllegalArgumentException disconnected) {
            // without odometry as known inliers the inliers may not span every pose
            last = new LevenbergMarquardt(options).optimize(graph, w);
        }
        OptimizationResult whole =
                new OptimizationResult(
                        initialCost,
                        last.finalCost(),
                        last.iterations(),
                        last.stopReason(),
                        (System.nanoTime() - t0) / 1e6);
        return new Result(whole, w, rejected, steps);
    }
}
