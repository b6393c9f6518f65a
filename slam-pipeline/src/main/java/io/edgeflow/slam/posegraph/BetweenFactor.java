package io.edgeflow.slam.posegraph;

/**
 * A relative-pose measurement Z between the poses at dense indices {@code from} and {@code to},
 * with its information matrix Ω (row-major, tangent order: translation then rotation).
 *
 * <p>{@code measured} is in the flat layout of the graph's {@link PoseSpace}.
 */
public record BetweenFactor(int from, int to, double[] measured, double[] information) {}
