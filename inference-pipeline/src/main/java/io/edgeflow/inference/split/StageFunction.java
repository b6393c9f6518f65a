package io.edgeflow.inference.split;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.model.ModelLoader;
import io.edgeflow.inference.model.ModelSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * One stage of a split model as a Flink operator. Put each stage in its own slot sharing group so
 * the stages can run on different TaskManagers; activations travel between them as {@link
 * Activation}s.
 */
public final class StageFunction extends RichMapFunction<Activation, Activation> {
    private final ModelSpec spec;
    private final int[] cuts;
    private final int stage;
    private transient ZooModel<NDList, NDList> model;
    private transient ModelStages stages;

    public StageFunction(ModelSpec spec, int[] cuts, int stage) {
        this.spec = spec;
        this.cuts = cuts.clone();
        this.stage = stage;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        model = ModelLoader.load(spec);
        stages = new ModelStages(model, cuts);
    }

    @Override
    public Activation map(Activation in) throws Exception {
        return stages.run(stage, in);
    }

    @Override
    public void close() {
        if (stages != null) {
            stages.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
