package io.edgeflow.inference.flink;

import io.edgeflow.inference.batching.BatchPolicy;
import io.edgeflow.inference.model.ModelSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * How the inference operator batches and bounds its work.
 *
 * @param predictorsPerModel worker threads per model version, each with its own DJL predictor
 * @param maxInFlight requests accepted and not yet answered per subtask; past it the operator stops
 *     taking input (backpressure)
 * @param timeout a request not answered within this is answered TIMEOUT
 * @param initialModels loaded at start when the control topic has not said otherwise yet
 */
public record InferenceSettings(
        BatchPolicy batchPolicy,
        int predictorsPerModel,
        int maxInFlight,
        Duration timeout,
        long cacheEntries,
        Duration cacheTtl,
        List<ModelSpec> initialModels)
        implements Serializable {

    public InferenceSettings {
        initialModels = List.copyOf(initialModels);
    }

    public static InferenceSettings of(BatchPolicy policy, List<ModelSpec> initialModels) {
        return new InferenceSettings(
                policy,
                2,
                Math.max(2 * policy.queueCapacity(), 256),
                Duration.ofSeconds(30),
                10_000,
                Duration.ofMinutes(5),
                initialModels);
    }

    public InferenceSettings withPredictors(int n) {
        return new InferenceSettings(
                batchPolicy, n, maxInFlight, timeout, cacheEntries, cacheTtl, initialModels);
    }

    public InferenceSettings withTimeout(Duration t) {
        return new InferenceSettings(
                batchPolicy,
                predictorsPerModel,
                maxInFlight,
                t,
                cacheEntries,
                cacheTtl,
                initialModels);
    }

    /** {@code entries} 0 turns the cache off: no content hash is computed either. */
    public InferenceSettings withCache(long entries, Duration ttl) {
        return new InferenceSettings(
                batchPolicy, predictorsPerModel, maxInFlight, timeout, entries, ttl, initialModels);
    }
}
