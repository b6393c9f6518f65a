package io.edgeflow.inference.batching;

/**
 * One request's output and where its time went: waiting in the queue, and the engine time of the
 * batch it ran in.
 */
public record Batched<O>(O value, long queueNanos, long computeNanos, int batchSize) {}
