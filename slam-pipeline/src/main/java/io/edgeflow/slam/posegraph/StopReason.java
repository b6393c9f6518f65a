package io.edgeflow.slam.posegraph;

/** Why a nonlinear solve ended. */
public enum StopReason {
    /** Relative cost decrease of an accepted step fell below the tolerance. */
    CONVERGED_COST,
    /** The step became negligible relative to the state. */
    CONVERGED_STEP,
    /** The gradient's max-norm fell below the tolerance. */
    CONVERGED_GRADIENT,
    MAX_ITERATIONS,
    /** No damping made the step decrease the cost. */
    NO_PROGRESS;

    public boolean converged() {
        return this == CONVERGED_COST || this == CONVERGED_STEP || this == CONVERGED_GRADIENT;
    }
}
