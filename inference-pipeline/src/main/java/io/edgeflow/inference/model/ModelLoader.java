package io.edgeflow.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a {@link ModelSpec} through DJL's Criteria with a no-op translator (batching and pre/post
 * processing are ours). Local paths never touch the network; with {@code -Dai.djl.offline=true} DJL
 * also refuses to download engine natives.
 */
public final class ModelLoader {
    private ModelLoader() {}

    public static ZooModel<NDList, NDList> load(ModelSpec spec)
            throws IOException, ModelNotFoundException, MalformedModelException {
        Criteria.Builder<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optEngine(spec.engine())
                        .optTranslator(new NoopTranslator())
                        .optModelName(modelName(spec));
        if (spec.location().contains("://") || spec.location().startsWith("jar:")) {
            criteria.optModelUrls(spec.location());
        } else {
            Path path = Path.of(spec.location());
            if (!Files.exists(path)) {
                throw new ModelNotFoundException("no model files at " + path);
            }
            criteria.optModelPath(path);
        }
        switch (spec.format()) {
            case ONNX -> criteria.optOption("intraOpNumThreads", Integer.toString(spec.threads()));
            case DJL_BLOCK -> criteria.optBlock(BlockArchitectures.build(spec.architecture()));
            case TORCHSCRIPT -> {}
        }
        return criteria.build().loadModel();
    }

    /** The file name DJL looks for inside a model directory. */
    private static String modelName(ModelSpec spec) {
        String location = spec.location();
        String last = location.substring(location.lastIndexOf('/') + 1);
        return switch (spec.format()) {
            case ONNX ->
                    last.endsWith(".onnx") ? last.substring(0, last.length() - 5) : spec.name();
            case TORCHSCRIPT ->
                    last.endsWith(".pt") ? last.substring(0, last.length() - 3) : spec.name();
            case DJL_BLOCK -> spec.name();
        };
    }
}
