package io.edgeflow.slam.posegraph;

/**
 * Levenberg–Marquardt (or Gauss–Newton) on the pose manifold: linearize every factor at the current
 * poses, solve the damped normal equations (JᵀΩJ + λD)·δ = −JᵀΩe by sparse Cholesky, retract x ← x
 * ⊕ δ, and adapt λ by the gain ratio (Nielsen's rule, as in Ceres and g2o).
 *
 * <p>The sparse structure, AMD ordering and symbolic factorization are kept between calls while the
 * graph's structure is unchanged, so warm re-solves and GNC's repeated solves reuse them.
 */
public final class LevenbergMarquardt {
    private final SolverOptions options;

    // structure cache
    private PoseGraph cachedGraph;
    private int cachedVersion = -1;
    private BlockSparseCholesky system;
    private int[] variable; // pose index → block index, −1 for the gauge anchor
    private int[] slot; // per between factor: coupling slot, −1 when not coupled
    private Scratch scratch;
    private int linearSolves;

    public LevenbergMarquardt(SolverOptions options) {
        this.options = options;
    }

    public SolverOptions options() {
        return options;
    }

    public OptimizationResult optimize(PoseGraph graph) {
        return optimize(graph, null);
    }

    /**
     * Minimizes Σ w_k·ρ(e_kᵀΩ_ke_k) in place on the graph's poses.
     *
     * @param weights per-between-factor weights (GNC), or null for all ones
     */
    public OptimizationResult optimize(PoseGraph graph, double[] weights) {
        long t0 = System.nanoTime();
        if (weights != null && weights.length != graph.edgeCount()) {
            throw new IllegalArgumentException("one weight per between factor expected");
        }
        prepare(graph);
        FactorResiduals residuals = new FactorResiduals(graph, options.rotationResidual());
        RobustKernel kernel = options.kernel();
        int d = graph.space().tangentDim;
        int n = system.size();
        double[] gradient = new double[n];
        double[] delta = new double[n];
        double[] poseScratch = new double[18];

        double cost = residuals.cost(kernel, weights);
        double initialCost = cost;
        double lambda = options.gaussNewton() ? 0 : 1e-4;
        double nu = 2;
        int iteration = 0;
        StopReason reason = StopReason.MAX_ITERATIONS;
        double[] saved = graph.copyState();
        while (iteration < options.maxIterations()) {
            long ti = System.nanoTime();
            iteration++;
            linearize(graph, residuals, kernel, weights, gradient);
            if (maxAbs(gradient) <= options.gradientTolerance()) {
                reason = StopReason.CONVERGED_GRADIENT;
                iteration--;
                break;
            }
            boolean accepted = false;
            boolean stepConverged = false;
            double newCost = cost;
            double stepNorm = 0;
            int solves = 0;
            while (!accepted) {
                solves++;
                if (!system.factor(lambda)) {
                    lambda = Math.max(lambda * nu, 1e-9);
                    nu *= 2;
                    if (lambda > 1e32) {
                        break;
                    }
                    continue;
                }
                for (int k = 0; k < n; k++) {
                    delta[k] = -gradient[k];
                }
                system.solve(delta, delta);
                stepNorm = norm(delta);
                if (stepNorm <= options.stepTolerance() * (norm(saved) + options.stepTolerance())) {
                    stepConverged = true;
                    break;
                }
                // decrease predicted by the model χ² + 2gᵀδ + δᵀHδ, which is −gᵀδ + λ·δᵀDδ
                double predicted = -2 * dot(gradient, delta) - quadratic(gradient, delta, lambda);
                retract(graph, delta, poseScratch);
                newCost = residuals.cost(kernel, weights);
                double rho = (cost - newCost) / predicted;
                if (options.gaussNewton() || (Double.isFinite(newCost) && newCost < cost)) {
                    accepted = true;
                    if (!options.gaussNewton()) {
                        double f = 2 * rho - 1;
                        lambda = Math.max(1e-15, lambda * Math.max(1.0 / 3, 1 - f * f * f));
                        nu = 2;
                    }
                } else {
                    graph.restoreState(saved);
                    lambda *= nu;
                    nu *= 2;
                    if (lambda > 1e32) {
                        break;
                    }
                }
            }
            linearSolves += solves;
            if (stepConverged) {
                reason = StopReason.CONVERGED_STEP;
                break;
            }
            if (!accepted) {
                reason = StopReason.NO_PROGRESS;
                graph.restoreState(saved);
                break;
            }
            double decrease = cost - newCost;
            cost = newCost;
            System.arraycopy(graph.state(), 0, saved, 0, saved.length);
            options.listener()
                    .accept(
                            new IterationSummary(
                                    iteration,
                                    cost,
                                    lambda,
                                    stepNorm,
                                    solves,
                                    (System.nanoTime() - ti) / 1e6));
            if (Math.abs(decrease) <= options.relativeCostTolerance() * cost) {
                reason = StopReason.CONVERGED_COST;
                break;
            }
        }
        return new OptimizationResult(
                initialCost, cost, iteration, reason, (System.nanoTime() - t0) / 1e6);
    }

    /**
     * The normal equations H·δ = −g linearized at the graph's current poses, as the first iteration
     * would factor them (for benchmarks of the linear solver).
     *
     * @param gradient receives g, in block order
     */
    BlockSparseCholesky linearizedSystem(PoseGraph graph, double[] gradient) {
        prepare(graph);
        FactorResiduals residuals = new FactorResiduals(graph, options.rotationResidual());
        linearize(graph, residuals, options.kernel(), null, gradient);
        return system;
    }

    /** Linear solves (factorizations) performed by this instance, for statistics. */
    public int linearSolves() {
        return linearSolves;
    }

    /** δᵀ(H)δ expressed through the damped system: δᵀHδ = −gᵀδ − λ·δᵀDδ. */
    private double quadratic(double[] g, double[] delta, double lambda) {
        return -dot(g, delta) - lambda * system.dampingNorm(delta);
    }

    private void prepare(PoseGraph graph) {
        if (graph == cachedGraph && graph.structureVersion() == cachedVersion) {
            return;
        }
        int poses = graph.poseCount();
        int anchor = graph.anchor();
        variable = new int[poses];
        int blocks = 0;
        for (int i = 0; i < poses; i++) {
            variable[i] = i == anchor ? -1 : blocks++;
        }
        var factors = graph.betweenFactors();
        if (anchor == 0) { // the blocks are poses 1…n−1, as in the graph's shared analysis
            system = graph.eliminationStructure().newSystem(graph.space().tangentDim);
        } else {
            int[] a = new int[factors.size()];
            int[] b = new int[factors.size()];
            int m = 0;
            for (BetweenFactor f : factors) {
                int vi = variable[f.from()], vj = variable[f.to()];
                if (vi >= 0 && vj >= 0 && vi != vj) {
                    a[m] = vi;
                    b[m++] = vj;
                }
            }
            system =
                    new BlockSparseCholesky(
                            blocks,
                            graph.space().tangentDim,
                            java.util.Arrays.copyOf(a, m),
                            java.util.Arrays.copyOf(b, m));
        }
        slot = new int[factors.size()];
        int k = 0;
        for (BetweenFactor f : factors) {
            int vi = variable[f.from()], vj = variable[f.to()];
            slot[k++] = vi >= 0 && vj >= 0 ? system.couplingSlot(vi, vj) : -1;
        }
        cachedGraph = graph;
        cachedVersion = graph.structureVersion();
    }

    /** Assembles H = Σ w·ρ'·JᵀΩJ into the sparse system and g = Σ w·ρ'·JᵀΩe. */
    private void linearize(
            PoseGraph graph,
            FactorResiduals residuals,
            RobustKernel kernel,
            double[] weights,
            double[] gradient) {
        int d = graph.space().tangentDim;
        if (scratch == null || scratch.d != d) {
            scratch = new Scratch(d);
        }
        system.setZero();
        java.util.Arrays.fill(gradient, 0);
        java.util.List<BetweenFactor> factors = graph.betweenFactors();
        for (int k = 0; k < factors.size(); k++) {
            double w = weights == null ? 1 : weights[k];
            if (w != 0) {
                addBetween(factors.get(k), slot[k], w, residuals, kernel, gradient);
            }
        }
        for (PriorFactor p : graph.priorFactors()) {
            addPrior(p, residuals, kernel, gradient);
        }
        system.finishAssembly();
    }

    /** The d×d and d-vector temporaries of one factor's linearization. */
    private static final class Scratch {
        final int d;
        final double[] e, ji, jj, wi, wj, block, we;

        Scratch(int d) {
            this.d = d;
            e = new double[d];
            ji = new double[d * d];
            jj = new double[d * d];
            wi = new double[d * d]; // (wΩ)·J_i
            wj = new double[d * d];
            block = new double[d * d];
            we = new double[d];
        }
    }

    /** One between factor's terms of H and g; a method of its own so it is compiled early. */
    private void addBetween(
            BetweenFactor f,
            int s,
            double weight,
            FactorResiduals residuals,
            RobustKernel kernel,
            double[] gradient) {
        Scratch t = scratch;
        int d = t.d;
        double[] e = t.e, ji = t.ji, jj = t.jj, wi = t.wi, wj = t.wj, block = t.block, we = t.we;
        residuals.between(f, e, ji, jj);
        double[] omega = f.information();
        double w = weight * kernel.weight(FactorResiduals.mahalanobis(e, omega, d));
        int vi = variable[f.from()], vj = variable[f.to()];
        weighted(omega, w, e, we, d); // wΩ·e, and below wΩ·J
        multiply(omega, w, ji, wi, d);
        multiply(omega, w, jj, wj, d);
        if (vi >= 0) {
            transposeMultiply(ji, wi, block, d);
            system.addDiagonal(vi, block);
            accumulateGradient(ji, we, gradient, vi * d, d);
        }
        if (vj >= 0) {
            transposeMultiply(jj, wj, block, d);
            system.addDiagonal(vj, block);
            accumulateGradient(jj, we, gradient, vj * d, d);
        }
        if (s >= 0) {
            transposeMultiply(ji, wj, block, d);
            system.addOffDiagonal(vi, vj, s, block);
        }
    }

    private void addPrior(
            PriorFactor p, FactorResiduals residuals, RobustKernel kernel, double[] gradient) {
        int v = variable[p.key()];
        if (v < 0) {
            return;
        }
        Scratch t = scratch;
        int d = t.d;
        double[] e = t.e, ji = t.ji, jj = t.jj, wj = t.wj, block = t.block, we = t.we;
        residuals.prior(p, e, ji, jj);
        double[] omega = p.information();
        double w = kernel.weight(FactorResiduals.mahalanobis(e, omega, d));
        weighted(omega, w, e, we, d);
        multiply(omega, w, jj, wj, d);
        transposeMultiply(jj, wj, block, d);
        system.addDiagonal(v, block);
        accumulateGradient(jj, we, gradient, v * d, d);
    }

    private void retract(PoseGraph graph, double[] delta, double[] scratch) {
        PoseSpace space = graph.space();
        double[] x = graph.state();
        for (int i = 0; i < variable.length; i++) {
            int v = variable[i];
            if (v >= 0) {
                space.retract(x, i * space.stride, delta, v * space.tangentDim, scratch);
            }
        }
    }

    /** out = w·A·v for a d×d row-major A. */
    private static void weighted(double[] a, double w, double[] v, double[] out, int d) {
        for (int r = 0; r < d; r++) {
            double acc = 0;
            for (int c = 0; c < d; c++) {
                acc += a[r * d + c] * v[c];
            }
            out[r] = w * acc;
        }
    }

    /** out = w·A·B for d×d row-major matrices. */
    private static void multiply(double[] a, double w, double[] b, double[] out, int d) {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[r * d + k] * b[k * d + c];
                }
                out[r * d + c] = w * s;
            }
        }
    }

    /** out = Aᵀ·B. */
    private static void transposeMultiply(double[] a, double[] b, double[] out, int d) {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[k * d + r] * b[k * d + c];
                }
                out[r * d + c] = s;
            }
        }
    }

    /** g[o..o+d) += Jᵀ·v. */
    private static void accumulateGradient(double[] j, double[] v, double[] g, int o, int d) {
        for (int c = 0; c < d; c++) {
            double s = 0;
            for (int r = 0; r < d; r++) {
                s += j[r * d + c] * v[r];
            }
            g[o + c] += s;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
