package io.edgeflow.slam.posegraph;

import java.util.function.Consumer;

/**
 * Settings of a {@link LevenbergMarquardt} solve.
 *
 * @param gaussNewton take undamped Gauss–Newton steps instead of Levenberg–Marquardt ones
 * @param relativeCostTolerance stop when an accepted step lowers the cost by less than this
 *     fraction
 * @param gradientTolerance stop when ‖Jᵀ·Ω·e‖_∞ falls below this
 * @param stepTolerance stop when ‖δ‖ ≤ tol·(‖x‖ + tol)
 */
public record SolverOptions(
        boolean gaussNewton,
        int maxIterations,
        double relativeCostTolerance,
        double gradientTolerance,
        double stepTolerance,
        RobustKernel kernel,
        RotationResidual rotationResidual,
        Consumer<IterationSummary> listener) {

    public SolverOptions {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be ≥ 0");
        }
        if (kernel == null || rotationResidual == null) {
            throw new IllegalArgumentException("kernel and rotationResidual are required");
        }
        if (listener == null) {
            listener = s -> {};
        }
    }

    /** LM, 100 iterations, tolerances tight enough to reach the optimum to ~1e-10 in cost. */
    public static SolverOptions defaults() {
        return new SolverOptions(
                false,
                100,
                1e-10,
                1e-10,
                1e-12,
                RobustKernel.QUADRATIC,
                RotationResidual.ANGLE,
                null);
    }

    public SolverOptions withGaussNewton(boolean gn) {
        return new SolverOptions(
                gn,
                maxIterations,
                relativeCostTolerance,
                gradientTolerance,
                stepTolerance,
                kernel,
                rotationResidual,
                listener);
    }

    public SolverOptions withMaxIterations(int n) {
        return new SolverOptions(
                gaussNewton,
                n,
                relativeCostTolerance,
                gradientTolerance,
                stepTolerance,
                kernel,
                rotationResidual,
                listener);
    }

    public SolverOptions withRelativeCostTolerance(double tol) {
        return new SolverOptions(
                gaussNewton,
                maxIterations,
                tol,
                gradientTolerance,
                stepTolerance,
                kernel,
                rotationResidual,
                listener);
    }

    public SolverOptions withKernel(RobustKernel k) {
        return new SolverOptions(
                gaussNewton,
                maxIterations,
                relativeCostTolerance,
                gradientTolerance,
                stepTolerance,
                k,
                rotationResidual,
                listener);
    }

    public SolverOptions withRotationResidual(RotationResidual r) {
        return new SolverOptions(
                gaussNewton,
                maxIterations,
                relativeCostTolerance,
                gradientTolerance,
                stepTolerance,
                kernel,
                r,
                listener);
    }

    public SolverOptions withListener(Consumer<IterationSummary> l) {
        return new SolverOptions(
                gaussNewton,
                maxIterations,
                relativeCostTolerance,
                gradientTolerance,
                stepTolerance,
                kernel,
                rotationResidual,
                l);
    }
}
