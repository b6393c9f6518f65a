package io.edgeflow.slam.posegraph;

/** Progress of one solver iteration, for logging. */
public record IterationSummary(
        int iteration,
        double cost,
        double lambda,
        double stepNorm,
        int linearSolves,
        double millis) {}
