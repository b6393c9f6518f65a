package io.edgeflow.inference.flink;

/**
 * What the inference operator emits for one request: the INFERENCE_RESULT frame with the request's
 * Kafka key, its status label ("ok" or the DLQ reason), and the request id.
 */
public record InferenceOutcome(byte[] key, byte[] resultFrame, String status, String requestId) {}
