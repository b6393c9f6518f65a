package io.edgeflow.inference.model;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * DJL Blocks that edgeflow builds in code. A saved .params file holds weights only, so loading
 * needs the identical Block: the architecture string names it, e.g. {@code mlp:256,2048,2048,10}
 * (layer widths, input first).
 */
public final class BlockArchitectures {
    private BlockArchitectures() {}

    public static Block build(String architecture) {
        String[] kindAndArgs = architecture.split(":", 2);
        if (kindAndArgs[0].equals("mlp") && kindAndArgs.length == 2) {
            int[] widths =
                    Arrays.stream(kindAndArgs[1].split(",")).mapToInt(Integer::parseInt).toArray();
            return mlp(widths);
        }
        throw new IllegalArgumentException("unknown architecture " + architecture);
    }

    /** Input width first; ReLU between the linear layers, none after the last. */
    public static SequentialBlock mlp(int[] widths) {
        SequentialBlock block = new SequentialBlock();
        block.add(Blocks.batchFlattenBlock());
        for (int i = 1; i < widths.length; i++) {
            block.add(Linear.builder().setUnits(widths[i]).build());
            if (i < widths.length - 1) {
                block.add(Activation.reluBlock());
            }
        }
        return block;
    }

    /** The input width of an {@code mlp:} architecture. */
    public static long mlpInputWidth(String architecture) {
        return Long.parseLong(architecture.split(":", 2)[1].split(",")[0]);
    }

    /**
     * Builds the architecture with Xavier-initialized weights (seeded: the same files every time)
     * and saves them as {@code dir/name-0000.params}, unless already there. This is a model with
     * initialized, untrained weights: fine for throughput, meaningless for accuracy.
     */
    public static Path saveInitialized(String architecture, Path dir, String name, int seed)
            throws IOException {
        Path params = dir.resolve(name + "-0000.params");
        if (Files.exists(params)) {
            return dir;
        }
        Files.createDirectories(dir);
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(seed);
        try (Model model = Model.newInstance(name, "PyTorch")) {
            Block block = build(architecture);
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            model.setBlock(block);
            block.initialize(
                    model.getNDManager(),
                    DataType.FLOAT32,
                    new Shape(1, mlpInputWidth(architecture)));
            model.save(dir, name);
        }
        return dir;
    }
}
