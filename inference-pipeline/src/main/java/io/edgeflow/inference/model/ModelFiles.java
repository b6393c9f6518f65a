package io.edgeflow.inference.model;

import io.edgeflow.inference.ocr.RecognizerAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where edgeflow's models live ({@code models/} under the project, which git ignores) and the specs
 * of the models it ships with: PP-OCRv4 (fetched by scripts/fetch-models.sh) and an MLP built here
 * with initialized weights.
 */
public final class ModelFiles {
    public static final String OCR_RECOGNIZER = "ppocr-rec";
    public static final String MLP = "mlp";
    public static final String OCR_DETECTOR = "ppocr-det";

    /** A batching-friendly MLP: 9.4 MFLOP per sample, 4.7 M parameters. */
    public static final String MLP_ARCHITECTURE = "mlp:256,2048,2048,10";

    private ModelFiles() {}

    /** {@code -Dedgeflow.models.dir}, else {@code models/} under the working directory. */
    public static Path modelsDir() {
        return Path.of(System.getProperty("edgeflow.models.dir", "models")).toAbsolutePath();
    }

    public static Path ocrDir() {
        return modelsDir().resolve("ppocr-v4");
    }

    /** Runs scripts/fetch-models.sh when the PP-OCR files are missing. */
    public static void ensureOcrModels() throws IOException {
        if (Files.exists(ocrDir().resolve("ch_PP-OCRv4_rec_infer.onnx"))
                && Files.exists(ocrDir().resolve("ch_PP-OCRv4_det_infer.onnx"))) {
            return;
        }
        Path script = modelsDir().resolveSibling("scripts").resolve("fetch-models.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException(script + " failed with exit code " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching models", e);
        }
    }

    public static ModelSpec ocrRecognizer(int threads) throws IOException {
        ensureOcrModels();
        return new ModelSpec(
                OCR_RECOGNIZER,
                "v4",
                ModelFormat.ONNX,
                ocrDir().resolve("ch_PP-OCRv4_rec_infer.onnx").toString(),
                "",
                ModelSpec.AdapterKind.PPOCR_RECOGNIZER,
                RecognizerAdapter.SAMPLE_SHAPE,
                threads);
    }

    /** PP-OCRv4's text detector for 640×480 camera frames. */
    public static ModelSpec ocrDetector(int threads) throws IOException {
        ensureOcrModels();
        return new ModelSpec(
                OCR_DETECTOR,
                "v4",
                ModelFormat.ONNX,
                ocrDir().resolve("ch_PP-OCRv4_det_infer.onnx").toString(),
                "",
                ModelSpec.AdapterKind.PPOCR_DETECTOR,
                new long[] {3, 480, 640},
                threads);
    }

    /** The MLP with Xavier-initialized (untrained) weights, saved on first use. */
    public static ModelSpec mlp(String version, int threads) throws IOException {
        Path dir =
                BlockArchitectures.saveInitialized(
                        MLP_ARCHITECTURE,
                        modelsDir().resolve("mlp-" + version),
                        MLP,
                        version.hashCode());
        return new ModelSpec(
                MLP,
                version,
                ModelFormat.DJL_BLOCK,
                dir.toString(),
                MLP_ARCHITECTURE,
                ModelSpec.AdapterKind.TENSOR,
                new long[] {BlockArchitectures.mlpInputWidth(MLP_ARCHITECTURE)},
                threads);
    }
}
