package io.edgeflow.operators.ingest;

/**
 * A Kafka record as it arrived, before any decoding: the bytes plus where they came from, so a
 * record that fails later can be dead-lettered with its exact source position.
 */
public record RawFrame(
        String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
