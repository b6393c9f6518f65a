package io.edgeflow.inference.batching;

/** Observes the batches a {@link DynamicBatcher} runs (metrics). Called on worker threads. */
public interface BatchListener {
    BatchListener NONE = (size, oldestQueueNanos, computeNanos, failed) -> {};

    void onBatch(int size, long oldestQueueNanos, long computeNanos, boolean failed);
}
