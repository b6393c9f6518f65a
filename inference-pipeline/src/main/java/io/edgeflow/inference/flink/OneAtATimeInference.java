package io.edgeflow.inference.flink;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.model.InvalidInputException;
import io.edgeflow.inference.model.ModelLoader;
import io.edgeflow.inference.model.ModelRegistry;
import io.edgeflow.inference.model.ModelSpec;
import io.edgeflow.inference.model.PredictorRunner;
import io.edgeflow.inference.model.SampleAdapter;
import io.edgeflow.inference.model.SampleOutput;
import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.InferenceRequest;
import io.edgeflow.protocol.InferenceResult;
import io.edgeflow.protocol.InferenceResult.Status;
import io.edgeflow.protocol.NodeId;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * The baseline that today's Flink + DJL examples use: one predictor per subtask, one record at a
 * time, no batching. Kept for the bench's unbatched figure; the job uses {@link
 * BatchingInferenceOperator}.
 */
public final class OneAtATimeInference extends RichMapFunction<RawFrame, InferenceOutcome> {
    private final ModelSpec spec;
    private transient ZooModel<NDList, NDList> model;
    private transient PredictorRunner runner;
    private transient SampleAdapter adapter;
    private transient FrameCodec codec;
    private transient int node;

    public OneAtATimeInference(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        model = ModelLoader.load(spec);
        runner = new PredictorRunner(model, spec);
        adapter = ModelRegistry.adapterFor(spec);
        codec = new FrameCodec();
        node = NodeId.of(BatchingInferenceOperator.RESULT_NODE);
    }

    @Override
    public InferenceOutcome map(RawFrame raw) throws Exception {
        DecodeResult d = codec.decode(raw.value());
        if (!(d instanceof Frame f) || !(f.message() instanceof InferenceRequest request)) {
            throw new IllegalArgumentException("not an inference request: " + d);
        }
        long start = System.nanoTime();
        InferenceResult result;
        try {
            SampleOutput out = runner.run(List.of(adapter.toSample(request.input()))).get(0);
            long compute = (System.nanoTime() - start) / 1000;
            result =
                    new InferenceResult(
                            request.seq(),
                            System.currentTimeMillis() * 1000,
                            request.requestId(),
                            spec.name(),
                            spec.version(),
                            Status.OK,
                            "",
                            0,
                            compute,
                            1,
                            false,
                            adapter.toOutputs(out));
        } catch (InvalidInputException e) {
            result =
                    InferenceResult.failure(
                            request,
                            System.currentTimeMillis() * 1000,
                            Status.INVALID_INPUT,
                            e.getMessage());
        }
        return new InferenceOutcome(
                raw.key(), codec.encode(node, result), result.status().label(), result.requestId());
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
