package io.edgeflow.inference.model;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.batching.BatchRunner;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs batches of equally shaped samples through one DJL predictor: stacks them into one [N, …]
 * tensor, predicts, and slices the first output back per sample. Owned by one thread, the one that
 * creates it: on PyTorch the spec's intra-op thread count is applied to that thread.
 */
public final class PredictorRunner implements BatchRunner<float[], SampleOutput> {
    private static final String PT_ENGINE = "PyTorch";

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final long[] sampleShape;
    private final int sampleSize;

    public PredictorRunner(ZooModel<NDList, NDList> model, ModelSpec spec) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.sampleShape = spec.sampleShape().clone();
        this.sampleSize = Math.toIntExact(new Shape(sampleShape).size());
        if (PT_ENGINE.equals(model.getNDManager().getEngine().getEngineName())) {
            // PyTorch applies its thread count to the OpenMP team of the thread that sets it
            // only (DJL sets it on the thread that loads the engine); matrix products on any
            // other thread fork a team as wide as the machine, whose workers spin between ops.
            JniUtils.setNumThreads(spec.threads());
        }
    }

    @Override
    public List<SampleOutput> run(List<float[]> samples) throws Exception {
        int n = samples.size();
        FloatBuffer batch = FloatBuffer.allocate(n * sampleSize);
        for (float[] s : samples) {
            if (s.length != sampleSize) {
                throw new IllegalArgumentException(
                        "sample of " + s.length + " values, model takes " + sampleSize);
            }
            batch.put(s);
        }
        batch.flip();
        long[] batchShape = new long[sampleShape.length + 1];
        batchShape[0] = n;
        System.arraycopy(sampleShape, 0, batchShape, 1, sampleShape.length);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(batch, new Shape(batchShape));
            NDList out = predictor.predict(new NDList(input));
            NDArray first = out.get(0);
            long[] outShape = first.getShape().getShape();
            float[] all = first.toFloatArray();
            out.close();
            int per = all.length / n;
            long[] sampleOut = Arrays.copyOfRange(outShape, 1, outShape.length);
            List<SampleOutput> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                result.add(
                        new SampleOutput(
                                Arrays.copyOfRange(all, i * per, (i + 1) * per), sampleOut));
            }
            return result;
        }
    }

    @Override
    public void close() {
        predictor.close();
    }
}
