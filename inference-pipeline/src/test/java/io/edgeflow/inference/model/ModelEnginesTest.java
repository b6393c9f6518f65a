package io.edgeflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.ocr.LabelScenes;
import io.edgeflow.inference.ocr.RecognizerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both DJL engines load offline (surefire sets ai.djl.offline=true: a missing native library fails
 * instead of downloading) and run real models: PP-OCRv4's recognizer on OnnxRuntime, a DJL Block
 * with saved parameters on PyTorch. Batched runs equal one-at-a-time runs.
 */
class ModelEnginesTest {

    @Test
    void djlRunsOffline() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(Engine.getAllEngines()).contains("PyTorch", "OnnxRuntime");
    }

    @Test
    void theOcrRecognizerReadsRenderedLabelsOnOnnxRuntime() throws Exception {
        ModelSpec spec = ModelFiles.ocrRecognizer(1);
        RecognizerAdapter adapter = (RecognizerAdapter) ModelRegistry.adapterFor(spec);
        Random r = new Random(3);
        List<String> texts = new ArrayList<>();
        List<float[]> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            LabelScenes.Scene scene =
                    LabelScenes.generate(LabelScenes.Condition.UPRIGHT, 1, 100 + i).get(0);
            LabelScenes.Label label = scene.labels().get(r.nextInt(scene.labels().size()));
            texts.add(label.text());
            samples.add(
                    RecognizerAdapter.toSample(LabelScenes.lineCrop(scene.image(), label.box())));
        }
        try (ZooModel<NDList, NDList> model = ModelLoader.load(spec);
                PredictorRunner runner = new PredictorRunner(model, spec)) {
            assertThat(model.getNDManager().getEngine().getEngineName()).isEqualTo("OnnxRuntime");
            List<SampleOutput> batched = runner.run(samples);
            List<String> read = batched.stream().map(adapter::text).toList();
            assertThat(read).isEqualTo(texts);
            SampleOutput single = runner.run(List.of(samples.get(2))).get(0);
            assertThat(single.shape()).isEqualTo(batched.get(2).shape());
            assertThat(single.values()).containsExactly(batched.get(2).values(), within(1e-4f));
        }
    }

    @Test
    void aDjlBlockWithSavedParametersLoadsOnPyTorchAndBatchesExactly() throws Exception {
        ModelSpec spec = ModelFiles.mlp("engines-test", 1);
        Random r = new Random(5);
        List<float[]> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] x = new float[256];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) r.nextGaussian();
            }
            samples.add(x);
        }
        try (ZooModel<NDList, NDList> model = ModelLoader.load(spec);
                PredictorRunner runner = new PredictorRunner(model, spec)) {
            assertThat(model.getNDManager().getEngine().getEngineName()).isEqualTo("PyTorch");
            List<SampleOutput> batched = runner.run(samples);
            assertThat(batched.get(0).shape()).containsExactly(10);
            for (int i = 0; i < samples.size(); i++) {
                SampleOutput one = runner.run(List.of(samples.get(i))).get(0);
                assertThat(one.values()).containsExactly(batched.get(i).values(), within(1e-4f));
            }
            // Initialized, not zero: outputs differ between inputs.
            assertThat(batched.get(0).values()).isNotEqualTo(batched.get(1).values());
        }
    }
}
