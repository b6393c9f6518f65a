package io.edgeflow.inference.split;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded DJL {@link SequentialBlock} model cut into consecutive stages: stage i runs children
 * [cut(i), cut(i+1)) with the loaded parameters, so chaining the stages computes exactly what the
 * whole model does. Each stage is its own model with its own predictor; not thread-safe.
 */
public final class ModelStages implements AutoCloseable {
    private final List<Model> models = new ArrayList<>();
    private final List<Predictor<NDList, NDList>> predictors = new ArrayList<>();
    private final NDManager manager;

    /**
     * @param cuts child indices where a new stage starts, ascending, excluding 0
     */
    public ModelStages(ZooModel<NDList, NDList> loaded, int[] cuts) {
        if (!(loaded.getBlock() instanceof SequentialBlock whole)) {
            throw new IllegalArgumentException("only SequentialBlock models can be split");
        }
        List<Block> blocks = whole.getChildren().values();
        int from = 0;
        for (int s = 0; s <= cuts.length; s++) {
            int to = s < cuts.length ? cuts[s] : blocks.size();
            if (to <= from || to > blocks.size()) {
                throw new IllegalArgumentException(
                        "bad cut " + to + " of " + blocks.size() + " children");
            }
            SequentialBlock stage = new SequentialBlock();
            for (int i = from; i < to; i++) {
                stage.add(blocks.get(i));
            }
            Model m =
                    Model.newInstance(
                            "stage-" + s, loaded.getNDManager().getEngine().getEngineName());
            m.setBlock(stage);
            models.add(m);
            predictors.add(m.newPredictor(new NoopTranslator()));
            from = to;
        }
        manager = loaded.getNDManager().newSubManager();
    }

    public int count() {
        return predictors.size();
    }

    /** Runs stage {@code s} on a batch [N, …] given as values and shape. */
    public Activation run(int s, Activation in) throws Exception {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(FloatBuffer.wrap(in.values()), new Shape(in.shape()));
            NDList out = predictors.get(s).predict(new NDList(x));
            NDArray y = out.get(0);
            Activation result =
                    new Activation(in.requestId(), y.getShape().getShape(), y.toFloatArray());
            out.close();
            return result;
        }
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        manager.close();
    }
}
