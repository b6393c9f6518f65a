package io.edgeflow.inference.model;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.batching.BatchListener;
import io.edgeflow.inference.batching.BatchPolicy;
import io.edgeflow.inference.batching.DynamicBatcher;

/**
 * One loaded model version: the DJL model, its adapter, and its dynamic batcher whose workers each
 * own a predictor (the predictor pool).
 */
public final class ServedModel implements AutoCloseable {
    private final ModelSpec spec;
    private final ZooModel<NDList, NDList> model;
    private final SampleAdapter adapter;
    private final DynamicBatcher<float[], SampleOutput> batcher;

    ServedModel(
            ModelSpec spec,
            ZooModel<NDList, NDList> model,
            SampleAdapter adapter,
            BatchPolicy policy,
            int predictors,
            BatchListener listener) {
        this.spec = spec;
        this.model = model;
        this.adapter = adapter;
        this.batcher =
                new DynamicBatcher<>(
                        spec.key(),
                        policy,
                        predictors,
                        () -> new PredictorRunner(model, spec),
                        listener);
    }

    public ModelSpec spec() {
        return spec;
    }

    public SampleAdapter adapter() {
        return adapter;
    }

    public DynamicBatcher<float[], SampleOutput> batcher() {
        return batcher;
    }

    /** A predictor-backed runner outside the batcher, for the bench's raw and unbatched loops. */
    public PredictorRunner newRunner() {
        return new PredictorRunner(model, spec);
    }

    @Override
    public void close() {
        batcher.close();
        model.close();
    }
}
