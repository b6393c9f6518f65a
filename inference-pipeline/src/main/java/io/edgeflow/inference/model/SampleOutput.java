package io.edgeflow.inference.model;

/** One sample's slice of an engine output: values and shape without the batch dimension. */
public record SampleOutput(float[] values, long[] shape) {}
