package io.edgeflow.slam.posegraph;

/** Outcome of a nonlinear solve; costs are Σρ(eᵀΩe), i.e. χ² for the quadratic kernel. */
public record OptimizationResult(
        double initialCost,
        double finalCost,
        int iterations,
        StopReason stopReason,
        double millis) {}
