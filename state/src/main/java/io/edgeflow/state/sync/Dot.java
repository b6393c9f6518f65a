package io.edgeflow.state.sync;

/** One event: the {@code counter}-th event of {@code nodeId}. */
public record Dot(String nodeId, long counter) {}
