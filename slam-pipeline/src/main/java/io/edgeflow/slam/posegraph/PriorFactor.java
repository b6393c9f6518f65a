package io.edgeflow.slam.posegraph;

/**
 * An absolute-pose measurement Z on the pose at dense index {@code key}, residual as for a {@link
 * BetweenFactor} from the identity. A graph with priors needs no gauge anchor.
 */
public record PriorFactor(int key, double[] measured, double[] information) {}
