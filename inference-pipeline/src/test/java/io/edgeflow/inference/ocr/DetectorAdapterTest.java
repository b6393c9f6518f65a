package io.edgeflow.inference.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.model.InvalidInputException;
import io.edgeflow.inference.model.ModelFiles;
import io.edgeflow.inference.model.ModelLoader;
import io.edgeflow.inference.model.ModelRegistry;
import io.edgeflow.inference.model.ModelSpec;
import io.edgeflow.inference.model.PredictorRunner;
import io.edgeflow.inference.ocr.LabelScenes.Box;
import io.edgeflow.inference.ocr.LabelScenes.Label;
import io.edgeflow.inference.ocr.LabelScenes.Scene;
import io.edgeflow.protocol.InferenceResult.NamedTensor;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The detector adapter on PP-OCRv4's real detector (OnnxRuntime, offline): a JPEG camera frame in,
 * one box per rendered label out; frames of another size are rejected with the reason.
 */
class DetectorAdapterTest {

    @Test
    void findsEveryLabelOfAJpegFrameAndRoundTripsTheBoxes() throws Exception {
        ModelSpec spec = ModelFiles.ocrDetector(1);
        DetectorAdapter adapter = (DetectorAdapter) ModelRegistry.adapterFor(spec);
        Scene scene = LabelScenes.generate(LabelScenes.Condition.UPRIGHT, 1, 11).get(0);
        float[] sample = adapter.toSample(Images.toJpegTensor(scene.image(), 0.92f));
        try (ZooModel<NDList, NDList> model = ModelLoader.load(spec);
                PredictorRunner runner = new PredictorRunner(model, spec)) {
            List<NamedTensor> outputs = adapter.toOutputs(runner.run(List.of(sample)).get(0));
            assertThat(outputs).extracting(NamedTensor::name).containsExactly("boxes");
            List<Box> boxes = DetectorAdapter.boxes(outputs.get(0).tensor());
            assertThat(boxes).hasSameSizeAs(scene.labels());
            for (Label l : scene.labels()) {
                assertThat(boxes).anyMatch(b -> b.iou(l.box()) >= 0.5);
            }
        }
    }

    @Test
    void rejectsAFrameOfAnotherSize() {
        DetectorAdapter adapter = new DetectorAdapter(new long[] {3, 480, 640});
        BufferedImage small = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> adapter.toSample(Images.toRawTensor(small)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("expects a 640x480 frame, got 320x240");
    }
}
