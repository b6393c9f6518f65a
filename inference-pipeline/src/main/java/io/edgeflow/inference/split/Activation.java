package io.edgeflow.inference.split;

/**
 * A tensor passed between model stages: float32 values in row-major order and their shape (leading
 * batch dimension). Flink serializes the float[] as a packed primitive array.
 */
public record Activation(String requestId, long[] shape, float[] values) {}
