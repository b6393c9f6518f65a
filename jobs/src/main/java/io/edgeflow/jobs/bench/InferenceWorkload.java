package io.edgeflow.jobs.bench;

import io.edgeflow.inference.model.ModelFiles;
import io.edgeflow.inference.model.ModelSpec;
import io.edgeflow.inference.ocr.Images;
import io.edgeflow.inference.ocr.LabelScenes;
import io.edgeflow.inference.ocr.RecognizerAdapter;
import io.edgeflow.protocol.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the bench feeds a model: engine-ready samples for the raw loop, and request inputs for the
 * pipelines — each request's input differs (so the result cache never answers) and is built the
 * same way from its index everywhere.
 */
public sealed interface InferenceWorkload {
    ModelSpec spec() throws IOException;

    /** An engine input sample, already pre-processed (the raw loop measures the engine alone). */
    float[] sample(int i);

    /** The input of request i as a robot would send it. */
    Tensor requestInput(long i);

    Duration maxQueueDelay();

    static InferenceWorkload named(String model) {
        return switch (model) {
            case ModelFiles.OCR_RECOGNIZER -> new OcrLines();
            case ModelFiles.MLP -> new MlpVectors();
            default ->
                    throw new IllegalArgumentException(
                            "unknown model "
                                    + model
                                    + " (have "
                                    + ModelFiles.OCR_RECOGNIZER
                                    + ", "
                                    + ModelFiles.MLP
                                    + ")");
        };
    }

    /** Label crops rendered by {@link LabelScenes}, as RAW UINT8 RGB line images. */
    final class OcrLines implements InferenceWorkload {
        private final List<BufferedImage> crops = new ArrayList<>();
        private final List<float[]> samples = new ArrayList<>();

        OcrLines() {
            for (LabelScenes.Scene s :
                    LabelScenes.generate(LabelScenes.Condition.UPRIGHT, 22, 77)) {
                for (LabelScenes.Label l : s.labels()) {
                    BufferedImage crop = LabelScenes.lineCrop(s.image(), l.box());
                    crops.add(crop);
                    samples.add(RecognizerAdapter.toSample(crop));
                }
            }
        }

        @Override
        public ModelSpec spec() throws IOException {
            return ModelFiles.ocrRecognizer(1);
        }

        @Override
        public float[] sample(int i) {
            return samples.get(i % samples.size());
        }

        @Override
        public Tensor requestInput(long i) {
            Tensor t = Images.toRawTensor(crops.get((int) (i % crops.size())));
            // One pixel carries the index: distinct content, unchanged text.
            t.data()[0] = (byte) i;
            t.data()[1] = (byte) (i >> 8);
            return t;
        }

        @Override
        public Duration maxQueueDelay() {
            return Duration.ofMillis(40);
        }
    }

    /** Gaussian vectors for the MLP. */
    final class MlpVectors implements InferenceWorkload {
        static final int WIDTH = 256;

        @Override
        public ModelSpec spec() throws IOException {
            return ModelFiles.mlp("1", 1);
        }

        @Override
        public float[] sample(int i) {
            Random r = new Random(i);
            float[] v = new float[WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                v[j] = (float) r.nextGaussian();
            }
            return v;
        }

        @Override
        public Tensor requestInput(long i) {
            return Tensor.floats(new int[] {WIDTH}, sample((int) i));
        }

        @Override
        public Duration maxQueueDelay() {
            return Duration.ofMillis(5);
        }
    }
}
