package io.edgeflow.jobs.bench;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.model.ModelFiles;
import io.edgeflow.inference.model.ModelLoader;
import io.edgeflow.inference.model.ModelSpec;
import io.edgeflow.inference.model.PredictorRunner;
import io.edgeflow.inference.model.SampleOutput;
import io.edgeflow.inference.ocr.CtcDecoder;
import io.edgeflow.inference.ocr.DbPostProcessor;
import io.edgeflow.inference.ocr.DetectorInput;
import io.edgeflow.inference.ocr.LabelScenes;
import io.edgeflow.inference.ocr.LabelScenes.Box;
import io.edgeflow.inference.ocr.LabelScenes.Condition;
import io.edgeflow.inference.ocr.LabelScenes.Label;
import io.edgeflow.inference.ocr.LabelScenes.Scene;
import io.edgeflow.inference.ocr.RecognizerAdapter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores PP-OCRv4 with edgeflow's pre/post-processing on the generated label scenes: detection
 * precision and recall at IoU 0.5, and exact-match recognition, end to end (the crop of the matched
 * detected box) and on ground-truth crops (the recognizer alone). Each condition separately.
 */
public final class OcrAccuracy {
    static final long SEED = 2026;
    private final int scenesPerCondition;

    public OcrAccuracy(int scenesPerCondition) {
        this.scenesPerCondition = scenesPerCondition;
    }

    public record Score(
            Condition condition,
            int labels,
            int detections,
            int matched,
            int readEndToEnd,
            int readFromTruth) {
        double precision() {
            return detections == 0 ? 0 : (double) matched / detections;
        }

        double recall() {
            return (double) matched / labels;
        }

        double endToEnd() {
            return (double) readEndToEnd / labels;
        }

        double recognizer() {
            return (double) readFromTruth / labels;
        }
    }

    public List<Score> run(PrintStream out) throws Exception {
        ModelSpec det = ModelFiles.ocrDetector(2);
        ModelSpec rec = ModelFiles.ocrRecognizer(2);
        CtcDecoder decoder =
                CtcDecoder.fromDictionary(
                        Path.of(rec.location()).resolveSibling("ppocr_keys_v1.txt"));
        RecognizerAdapter adapter = new RecognizerAdapter(decoder);
        DbPostProcessor db = DbPostProcessor.defaults();
        List<Score> scores = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        List<String> misreads = new ArrayList<>();
        try (ZooModel<NDList, NDList> detModel = ModelLoader.load(det);
                ZooModel<NDList, NDList> recModel = ModelLoader.load(rec);
                PredictorRunner detector = new PredictorRunner(detModel, det);
                PredictorRunner recognizer = new PredictorRunner(recModel, rec)) {
            for (Condition c : Condition.values()) {
                int labels = 0;
                int detections = 0;
                int matched = 0;
                int e2e = 0;
                int truth = 0;
                for (Scene s : LabelScenes.generate(c, scenesPerCondition, SEED)) {
                    SampleOutput prob =
                            detector.run(List.of(DetectorInput.toSample(s.image()))).get(0);
                    List<Box> boxes =
                            db.boxes(
                                    prob.values(),
                                    LabelScenes.FRAME_WIDTH,
                                    LabelScenes.FRAME_HEIGHT);
                    detections += boxes.size();
                    List<float[]> crops = new ArrayList<>();
                    List<Box> used = new ArrayList<>();
                    for (Label l : s.labels()) {
                        labels++;
                        crops.add(
                                RecognizerAdapter.toSample(
                                        LabelScenes.lineCrop(s.image(), l.box())));
                        Box best = null;
                        double bestIou = 0.5;
                        for (Box b : boxes) {
                            double iou = b.iou(l.box());
                            if (iou >= bestIou && !used.contains(b)) {
                                best = b;
                                bestIou = iou;
                            }
                        }
                        if (best != null) {
                            used.add(best);
                            matched++;
                        }
                        crops.add(
                                best == null
                                        ? null
                                        : RecognizerAdapter.toSample(
                                                RecognizerAdapter.lineFromDetection(
                                                        s.image(), best)));
                    }
                    List<float[]> batch = crops.stream().filter(x -> x != null).toList();
                    List<SampleOutput> read = recognizer.run(batch);
                    int k = 0;
                    for (Label l : s.labels()) {
                        String fromTruth = adapter.text(read.get(k++));
                        if (fromTruth.equals(l.text())) {
                            truth++;
                        }
                        int index = s.labels().indexOf(l);
                        if (crops.get(2 * index + 1) != null) {
                            String endToEnd = adapter.text(read.get(k++));
                            if (endToEnd.equals(l.text())) {
                                e2e++;
                            }
                            if (examples.size() < 6 && c == Condition.UPRIGHT) {
                                examples.add("\"" + l.text() + "\" -> \"" + endToEnd + "\"");
                            }
                            if (!endToEnd.equals(l.text())
                                    && misreads.size() < 6
                                    && c == Condition.UPRIGHT) {
                                misreads.add("\"" + l.text() + "\" -> \"" + endToEnd + "\"");
                            }
                        }
                    }
                }
                scores.add(new Score(c, labels, detections, matched, e2e, truth));
            }
        }
        out.printf(
                "%n== OCR accuracy: PP-OCRv4 det+rec, %d generated 640x480 scenes per condition, 3 labels each%n",
                scenesPerCondition);
        out.println(
                "condition  labels  det_precision  det_recall@0.5  exact_match_e2e  exact_match_gt_crops");
        for (Score s : scores) {
            out.printf(
                    Locale.ROOT,
                    "%-9s  %6d  %13.3f  %14.3f  %15.3f  %20.3f%n",
                    s.condition().name().toLowerCase(Locale.ROOT),
                    s.labels(),
                    s.precision(),
                    s.recall(),
                    s.endToEnd(),
                    s.recognizer());
        }
        out.println("recognized labels (upright): " + String.join(", ", examples));
        out.println("misread labels (upright): " + String.join(", ", misreads));
        Score upright = scores.get(0);
        out.printf(
                Locale.ROOT,
                "ACCURACY upright det_recall=%.3f (target >= 0.95: %s) exact_match=%.3f (target >= 0.90: %s)%n",
                upright.recall(),
                upright.recall() >= 0.95 ? "met" : "MISSED",
                upright.endToEnd(),
                upright.endToEnd() >= 0.90 ? "met" : "MISSED");
        return scores;
    }
}
