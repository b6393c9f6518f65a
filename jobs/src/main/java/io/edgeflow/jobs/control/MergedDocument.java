package io.edgeflow.jobs.control;

/**
 * A document's merged state as published to {@code edgeflow.sync.state}: the key and the bytes of
 * {@link io.edgeflow.state.sync.DocumentStateCodec}.
 */
public record MergedDocument(String key, byte[] document) {}
