package io.edgeflow.inference.batching;

import java.util.List;

/**
 * Runs one batch. Each worker thread of a {@link DynamicBatcher} owns its runner, so a runner may
 * hold a non-thread-safe DJL predictor.
 */
public interface BatchRunner<I, O> extends AutoCloseable {
    /**
     * @return one output per input, in the same order
     */
    List<O> run(List<I> inputs) throws Exception;

    @Override
    default void close() {}
}
