package io.edgeflow.slam.posegraph;

import java.util.Arrays;

/**
 * Graduated non-convexity with the truncated-least-squares loss (Yang, Antonante, Tzoumas, Carlone,
 * RA-L 2020). The TLS loss min(s, c̄²) ignores any edge whose squared error s exceeds c̄²; GNC
 * reaches it from a convex problem through the surrogates ρ_μ, solving a weighted least-squares
 * problem for each μ and updating the weights in closed form:
 *
 * <pre>
 *   w = 1                              if s ≤ μ/(μ+1)·c̄²
 *   w = 0                              if s ≥ (μ+1)/μ·c̄²
 *   w = c̄·√(μ(μ+1)/s) − μ              otherwise,
 * </pre>
 *
 * with μ₀ = c̄²/(2·s_max − c̄²) and μ ← 1.4·μ until the weights are binary.
 *
 * <p>GNC's guarantee rests on solving each weighted problem globally; a local solver warm-started
 * from odometry follows the drift into a wrong basin (M3500 with 10 % false closures: ATE 21 m). So
 * when the odometry edges (consecutive ids, known inliers) connect the graph, GNC runs on the two
 * linear stages of the chordal relaxation instead, where every solve is global: rotations, then
 * translations with the rotations fixed, alternating until the inlier set is stable. A last stage
 * solves the full χ² on the inliers and re-tests every loop closure against c̄² at that solution
 * (TLS at μ → ∞). Without spanning odometry, GNC runs on the nonlinear problem from the caller's
 * guess.
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

    /** c̄² at the χ² 99 % quantile of one edge's error. */
    public static double defaultThresholdSquared(PoseSpace space) {
        return space == PoseSpace.SE2 ? CHI2_99_3 : CHI2_99_6;
    }

    private static final double CHI2_99_1 = 6.634896601;
    private static final double CHI2_99_2 = 9.210340372;
    private static final double CHI2_99_3 = 11.34486673;
    private static final double CHI2_99_6 = 16.81189383;
    private static final double MU_STEP = 1.4;
    private static final int MAX_STEPS = 200;
    private static final int MAX_REFINE_ROUNDS = 10;
    private static final int MAX_ALTERNATIONS = 4;
    private static final byte KNOWN = 0;
    private static final byte FREE = 1;
    private static final byte OUT = 2;

    public Result solve(PoseGraph graph) {
        long t0 = System.nanoTime();
        int m = graph.edgeCount();
        byte[] role = new byte[m];
        boolean[] free = new boolean[m];
        for (int k = 0; k < m; k++) {
            BetweenFactor f = graph.betweenFactors().get(k);
            free[k] = !(trustOdometry && Math.abs(graph.id(f.to()) - graph.id(f.from())) == 1);
            role[k] = free[k] ? FREE : KNOWN;
        }
        FactorResiduals residuals = new FactorResiduals(graph, options.rotationResidual());
        double initialCost = residuals.cost(RobustKernel.QUADRATIC, null);
        double[] w = new double[m];
        Arrays.fill(w, 1);
        int steps = 0;
        if (spanning(graph, free)) {
            steps = robustChordal(graph, role, w);
        } else {
            // No known inliers to hold the graph together: GNC on the nonlinear problem from the
            // caller's guess, each weighted problem solved locally from the previous solution.
            LevenbergMarquardt inner =
                    new LevenbergMarquardt(
                            options.withRelativeCostTolerance(1e-6).withMaxIterations(8));
            steps =
                    graduate(
                            residuals.betweenErrors(),
                            w,
                            role,
                            thresholdSquared,
                            weights -> {
                                inner.optimize(graph, weights);
                                return residuals.betweenErrors();
                            });
        }
        // Truncated least squares at its limit (μ → ∞): solve with the current inliers, re-test
        // every free edge against c̄² at that solution, until the inlier set is stable. Edges a
        // linear stage misjudged come back here.
        LevenbergMarquardt solver = new LevenbergMarquardt(options);
        OptimizationResult last = solver.optimize(graph, w);
        for (int round = 0; round < MAX_REFINE_ROUNDS; round++) {
            double[] s = residuals.betweenErrors();
            boolean changed = false;
            for (int k = 0; k < m; k++) {
                if (free[k]) {
                    double v = s[k] <= thresholdSquared ? 1 : 0;
                    changed |= v != w[k];
                    w[k] = v;
                }
            }
            if (!changed) {
                break;
            }
            last = solver.optimize(graph, w);
        }
        int rejected = 0;
        for (int k = 0; k < m; k++) {
            rejected += w[k] == 0 ? 1 : 0;
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

    /**
     * GNC on the chordal relaxation's linear stages, each weighted problem solved globally (Yang et
     * al. use a certifiably optimal solver for the same reason). GNC still needs a start that wrong
     * edges have not bent: the least-squares chordal rotations with 10 % random closures misplace
     * half of M3500's correct closures. So the rotation stage first grows a consistent set the way
     * a SLAM front end gates closures, by loop length (closures spanning ≤ 2, 4, 8, … ids tested
     * against the estimate from the shorter ones, whose drift is small), then runs GNC from that
     * estimate. The translation stage runs GNC over the rotation inliers; wrong closures whose
     * rotation happened to fit are caught there, and since they had bent the rotations, every
     * closure's rotation is re-tested without them and the translation stage repeated, until the
     * inlier set is stable. Leaves the poses at the estimate and w binary; returns the number of
     * weighted solves.
     */
    private int robustChordal(PoseGraph graph, byte[] role, double[] w) {
        boolean planar = graph.space() == PoseSpace.SE2;
        // κ‖R_j − R_i·R̃‖²_F is ≈ 2·χ²(1) in 2D, ≈ χ²(3) in 3D for a correct edge
        double rotationThreshold = planar ? 2 * CHI2_99_1 : CHI2_99_3;
        double translationThreshold = planar ? CHI2_99_2 : CHI2_99_3;
        int m = w.length;
        java.util.function.Function<double[], double[]> rotations =
                weights -> {
                    ChordalInitialization.estimateRotations(graph, weights);
                    return ChordalInitialization.rotationErrors(graph);
                };
        java.util.function.Function<double[], double[]> translations =
                weights -> {
                    ChordalInitialization.estimateTranslations(graph, weights);
                    return ChordalInitialization.translationErrors(graph);
                };
        double[] s = byLoopLength(graph, w, role, rotationThreshold, rotations);
        int steps = graduate(s, w, role, rotationThreshold, rotations);
        byte[] stage = new byte[m];
        double[] previous = null;
        for (int round = 0; round < MAX_ALTERNATIONS; round++) {
            // translations over the rotation inliers
            for (int k = 0; k < m; k++) {
                stage[k] = role[k] == FREE && w[k] == 0 ? OUT : role[k];
            }
            steps += graduate(translations.apply(w), w, stage, translationThreshold, translations);
            if (previous != null && Arrays.equals(previous, w)) {
                break;
            }
            previous = w.clone();
            // Wrong closures whose rotation happened to fit passed the rotation stage and bent
            // the rotations; without them, re-test every closure's rotation.
            double[] sr = rotations.apply(w);
            steps++;
            for (int k = 0; k < m; k++) {
                if (role[k] == FREE) {
                    w[k] = sr[k] <= rotationThreshold ? 1 : 0;
                }
            }
        }
        return steps;
    }

    /**
     * Gates the free edges in rounds of growing loop length |id_j − id_i| ≤ 2, 4, 8, …: each round
     * tests its edges against the estimate solved from the edges kept so far, whose drift over such
     * a span is small. Returns the errors at the final estimate.
     */
    private static double[] byLoopLength(
            PoseGraph graph,
            double[] w,
            byte[] role,
            double c2,
            java.util.function.Function<double[], double[]> solve) {
        int m = w.length;
        long[] span = new long[m];
        long longest = 0;
        for (int k = 0; k < m; k++) {
            BetweenFactor f = graph.betweenFactors().get(k);
            span[k] = Math.abs(graph.id(f.to()) - graph.id(f.from()));
            w[k] = role[k] == KNOWN ? 1 : 0;
            if (role[k] == FREE) {
                longest = Math.max(longest, span[k]);
            }
        }
        double[] s = solve.apply(w);
        long lower = 0;
        for (long upper = 2; lower < longest; upper *= 2) {
            boolean any = false;
            for (int k = 0; k < m; k++) {
                if (role[k] == FREE && span[k] > lower && span[k] <= upper) {
                    w[k] = s[k] <= c2 ? 1 : 0;
                    any = true;
                }
            }
            if (any) {
                s = solve.apply(w);
            }
            lower = upper;
        }
        return s;
    }

    /**
     * GNC-TLS weight loop: from the errors s of the current solution, μ₀ = c̄²/(2·s_max − c̄²) over
     * the free edges, then alternately update the weights in closed form and re-solve, μ ← 1.4·μ,
     * until the free weights are binary.
     *
     * <p>Known inliers are never rejected, but they are not held at weight 1 either: at small μ
     * every TLS weight is small (≈ c̄·√(μ/s)), and known edges at full weight would outvote the
     * correct loop closures and pull the solution back to dead reckoning, whose drift then makes
     * those closures look like outliers (M3500: 476 of 2099 rejected). A known edge gets the weight
     * of an edge whose error is capped at c̄², so it weighs like any consistent edge.
     *
     * @param role per edge: {@link #KNOWN}, {@link #FREE} or {@link #OUT} (weight kept at 0)
     * @return the number of weighted solves
     */
    private static int graduate(
            double[] s,
            double[] w,
            byte[] role,
            double c2,
            java.util.function.Function<double[], double[]> solve) {
        double sMax = 0;
        for (int k = 0; k < w.length; k++) {
            if (role[k] == FREE) {
                sMax = Math.max(sMax, s[k]);
            }
        }
        if (2 * sMax <= c2) {
            return 0; // every free edge already fits: the surrogate is convex and w = 1 optimal
        }
        double mu = c2 / (2 * sMax - c2);
        int steps = 0;
        while (steps < MAX_STEPS) {
            steps++;
            boolean binary = true;
            for (int k = 0; k < w.length; k++) {
                if (role[k] == OUT) {
                    w[k] = 0;
                    continue;
                }
                double e = role[k] == KNOWN ? Math.min(s[k], c2) : s[k];
                if (e >= (mu + 1) / mu * c2) {
                    w[k] = 0;
                } else if (e <= mu / (mu + 1) * c2) {
                    w[k] = 1;
                } else {
                    w[k] = Math.sqrt(c2 * mu * (mu + 1) / e) - mu;
                    binary &= role[k] == KNOWN;
                }
            }
            s = solve.apply(w);
            if (binary) {
                break;
            }
            mu *= MU_STEP;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = role[k] == KNOWN || (role[k] == FREE && w[k] >= 0.5) ? 1 : 0;
        }
        return steps;
    }

    /** Whether the edges that are not free (the known inliers) connect every pose. */
    private static boolean spanning(PoseGraph graph, boolean[] free) {
        int n = graph.poseCount();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        int components = n;
        for (int k = 0; k < free.length; k++) {
            if (!free[k]) {
                BetweenFactor f = graph.betweenFactors().get(k);
                int a = root(parent, f.from()), b = root(parent, f.to());
                if (a != b) {
                    parent[a] = b;
                    components--;
                }
            }
        }
        return components <= 1;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
