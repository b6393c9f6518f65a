package io.edgeflow.jobs.demo;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.inference.batching.BatchPolicy;
import io.edgeflow.inference.flink.InferenceSettings;
import io.edgeflow.inference.model.ModelFiles;
import io.edgeflow.inference.ocr.DetectorAdapter;
import io.edgeflow.inference.ocr.Images;
import io.edgeflow.inference.ocr.LabelScenes;
import io.edgeflow.inference.ocr.LabelScenes.Box;
import io.edgeflow.inference.ocr.LabelScenes.Label;
import io.edgeflow.inference.ocr.LabelScenes.Scene;
import io.edgeflow.inference.ocr.RecognizerAdapter;
import io.edgeflow.jobs.InferenceJob;
import io.edgeflow.jobs.runtime.InferenceEnvironment;
import io.edgeflow.jobs.runtime.InferenceOutputReader;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.InferenceRequest;
import io.edgeflow.protocol.InferenceResult;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Tensor;
import io.edgeflow.protocol.Topics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The inference part of the demo: each robot's camera sends frames with shelf and bin labels (JPEG,
 * 640x480; about 10 frames/s across the fleet, after a warm-up frame) to the inference job, which
 * finds the text lines with PP-OCRv4's detector; the robot cuts the lines out of its frame and
 * sends them back to the job, which reads them with the recognizer. Both models are served by the
 * same job (dynamic batching, DJL on OnnxRuntime). Prints what came back next to the truth, and the
 * latency and batch figures.
 */
public final class InferenceDemo {
    static final float JPEG_QUALITY = 0.92f;

    /** Between two frames of the fleet's cameras together: about 10 frames/s. */
    static final Duration FRAME_INTERVAL = Duration.ofMillis(100);

    /** What the demo measured, for its parseable line. */
    public record Figures(
            int frames,
            int lines,
            int labels,
            int readExactly,
            int answers,
            double p50Millis,
            double p99Millis,
            double meanBatch) {
        /** Every frame and every line got an answer. */
        public boolean answered() {
            return answers == frames + lines;
        }

        public String line() {
            return String.format(
                    Locale.ROOT,
                    "INFERENCE frames=%d lines=%d labels=%d read_exactly=%d answers=%d in_job_p50_ms=%.1f"
                            + " in_job_p99_ms=%.1f mean_batch=%.2f",
                    frames,
                    lines,
                    labels,
                    readExactly,
                    answers,
                    p50Millis,
                    p99Millis,
                    meanBatch);
        }
    }

    private InferenceDemo() {}

    /**
     * Runs the inference job on its own MiniCluster next to whatever else the runtime runs, sends
     * {@code framesPerRobot} frames per robot, and prints the outcome. Returns empty when the OCR
     * models are missing and cannot be fetched (offline without npm): the demo goes on without.
     */
    public static Optional<Figures> run(
            LocalRuntime runtime,
            List<String> robots,
            int framesPerRobot,
            Duration timeout,
            Path pictureFile,
            PrintStream out)
            throws Exception {
        InferenceEnvironment.configureOffline();
        try {
            ModelFiles.ensureOcrModels();
        } catch (IOException e) {
            out.println("  inference skipped: PP-OCRv4 models missing (" + e.getMessage() + ")");
            return Optional.empty();
        }
        runtime.broker().createTopics(InferenceJob.TOPICS);
        InferenceSettings settings =
                InferenceSettings.of(
                                BatchPolicy.of(8, Duration.ofMillis(40)),
                                List.of(ModelFiles.ocrDetector(2), ModelFiles.ocrRecognizer(2)))
                        .withPredictors(1);
        // Its own MiniCluster beside the SLAM job's: the web UI on a free port.
        Configuration conf = new Configuration(runtime.flinkConfiguration());
        conf.set(RestOptions.PORT, 0);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        InferenceJob.forKafka(runtime.bootstrapServers(), "edgeflow-demo-inference", settings)
                .build(env);
        JobClient job = env.executeAsync(InferenceJob.NAME);
        try (FrameProducer producer =
                        new FrameProducer(runtime.bootstrapServers(), Topics.INFERENCE_REQUESTS);
                InferenceOutputReader reader =
                        new InferenceOutputReader(runtime.bootstrapServers())) {
            Session s = new Session(producer, reader, timeout);
            // Warm-up, not counted: one frame and one line are answered once the job has started
            // and loaded both models, so the figures show the job running rather than starting.
            Scene warmUp = LabelScenes.generate(LabelScenes.Condition.UPRIGHT, 1, 0).get(0);
            s.send(
                    robots.get(0),
                    "warm-up/frame",
                    ModelFiles.OCR_DETECTOR,
                    Images.toJpegTensor(warmUp.image(), JPEG_QUALITY));
            s.send(
                    robots.get(0),
                    "warm-up/line",
                    ModelFiles.OCR_RECOGNIZER,
                    Images.toPngTensor(
                            LabelScenes.lineCrop(warmUp.image(), warmUp.labels().get(0).box())));
            s.awaitAnswers(Set.of("warm-up/frame", "warm-up/line"));
            Map<String, Scene> frames = new LinkedHashMap<>();
            Map<String, List<Scene>> cameras = new LinkedHashMap<>();
            for (String robot : robots) {
                cameras.put(
                        robot,
                        LabelScenes.generate(
                                LabelScenes.Condition.UPRIGHT, framesPerRobot, robot.hashCode()));
            }
            // The cameras take turns, one frame every FRAME_INTERVAL across the fleet.
            for (int i = 0; i < framesPerRobot; i++) {
                for (String robot : robots) {
                    Scene scene = cameras.get(robot).get(i);
                    String id = robot + "/frame-" + i;
                    frames.put(id, scene);
                    s.send(
                            robot,
                            id,
                            ModelFiles.OCR_DETECTOR,
                            Images.toJpegTensor(scene.image(), JPEG_QUALITY));
                    producer.flush();
                    Thread.sleep(FRAME_INTERVAL.toMillis());
                }
            }
            Map<String, InferenceResult> detected = s.awaitAnswers(frames.keySet());
            // Each robot cuts the detected lines out of its own frame and asks for the text.
            Map<String, String> truth = new LinkedHashMap<>();
            Map<String, Box> lineBoxes = new LinkedHashMap<>();
            for (Map.Entry<String, Scene> f : frames.entrySet()) {
                InferenceResult r = detected.get(f.getKey());
                if (r == null || r.status() != InferenceResult.Status.OK) {
                    continue;
                }
                List<Box> boxes = DetectorAdapter.boxes(r.output("boxes").orElseThrow());
                for (int j = 0; j < boxes.size(); j++) {
                    String id = f.getKey() + "/line-" + j;
                    lineBoxes.put(id, boxes.get(j));
                    truth.put(id, labelAt(f.getValue(), boxes.get(j)));
                    s.send(
                            f.getKey().substring(0, f.getKey().indexOf('/')),
                            id,
                            ModelFiles.OCR_RECOGNIZER,
                            Images.toPngTensor(
                                    RecognizerAdapter.lineFromDetection(
                                            f.getValue().image(), boxes.get(j))));
                }
            }
            Map<String, InferenceResult> read = s.awaitAnswers(truth.keySet());
            return Optional.of(
                    report(frames, detected, truth, lineBoxes, read, s, pictureFile, out));
        } finally {
            job.cancel().get();
        }
    }

    /** The label whose ink box the detected box matches (IoU ≥ 0.5), or "" for none. */
    private static String labelAt(Scene scene, Box box) {
        for (Label l : scene.labels()) {
            if (l.box().iou(box) >= 0.5) {
                return l.text();
            }
        }
        return "";
    }

    private static Figures report(
            Map<String, Scene> frames,
            Map<String, InferenceResult> detected,
            Map<String, String> truth,
            Map<String, Box> lineBoxes,
            Map<String, InferenceResult> read,
            Session s,
            Path pictureFile,
            PrintStream out)
            throws IOException {
        int labels = frames.values().stream().mapToInt(f -> f.labels().size()).sum();
        int exact = 0;
        for (Map.Entry<String, String> t : truth.entrySet()) {
            if (!t.getValue().isEmpty() && t.getValue().equals(text(read.get(t.getKey())))) {
                exact++;
            }
        }
        List<InferenceResult> all = new ArrayList<>(detected.values());
        all.addAll(read.values());
        double[] inJob =
                all.stream()
                        .mapToDouble(r -> (r.queueMicros() + r.computeMicros()) / 1000.0)
                        .sorted()
                        .toArray();
        double[] sendToAnswer =
                all.stream()
                        .mapToDouble(r -> (r.timestampMicros() - s.sentMicros(r)) / 1000.0)
                        .sorted()
                        .toArray();
        Map<Integer, Integer> batchSizes = new TreeMap<>();
        for (InferenceResult r : all) {
            batchSizes.merge(r.batchSize(), 1, Integer::sum);
        }
        double meanBatch = all.stream().mapToInt(InferenceResult::batchSize).average().orElse(0);
        out.printf(
                Locale.ROOT,
                "  camera frames        %d from %d robots -> %s: %d text lines found (%d labels"
                        + " in the frames)%n",
                frames.size(),
                frames.keySet().stream()
                        .map(k -> k.substring(0, k.indexOf('/')))
                        .distinct()
                        .count(),
                ModelFiles.OCR_DETECTOR,
                truth.size(),
                labels);
        out.printf(
                "  text lines           %d -> %s: %d read exactly as the label%n",
                truth.size(), ModelFiles.OCR_RECOGNIZER, exact);
        out.printf(
                Locale.ROOT,
                "  latency              %d answers; batcher queue + engine p50 %.1f ms, p99 %.1f"
                        + " ms; robot send -> job answer p50 %.0f ms, p99 %.0f ms%n",
                all.size(),
                percentile(inJob, 0.50),
                percentile(inJob, 0.99),
                percentile(sendToAnswer, 0.50),
                percentile(sendToAnswer, 0.99));
        out.printf(
                Locale.ROOT,
                "  batch sizes          mean %.2f, requests by batch size %s; %d failed%n",
                meanBatch,
                batchSizes,
                all.stream().filter(r -> r.status() != InferenceResult.Status.OK).count());
        truth.entrySet().stream()
                .limit(6)
                .forEach(
                        t ->
                                out.printf(
                                        "  %-24s read %-16s label %s%n",
                                        t.getKey(),
                                        "\"" + text(read.get(t.getKey())) + "\"",
                                        t.getValue().isEmpty()
                                                ? "(none: not a label)"
                                                : "\"" + t.getValue() + "\""));
        writePicture(frames, truth, lineBoxes, read, pictureFile);
        out.printf("  picture              %s%n", pictureFile);
        return new Figures(
                frames.size(),
                truth.size(),
                labels,
                exact,
                all.size(),
                percentile(inJob, 0.50),
                percentile(inJob, 0.99),
                meanBatch);
    }

    /** The first frame with the detected boxes and what the job read in them. */
    private static void writePicture(
            Map<String, Scene> frames,
            Map<String, String> truth,
            Map<String, Box> lineBoxes,
            Map<String, InferenceResult> read,
            Path file)
            throws IOException {
        Map.Entry<String, Scene> first = frames.entrySet().iterator().next();
        BufferedImage frame = first.getValue().image();
        BufferedImage img =
                LabelScenes.crop(frame, new Box(0, 0, frame.getWidth(), frame.getHeight()));
        Graphics2D g = img.createGraphics();
        g.setStroke(new BasicStroke(2));
        g.setFont(new Font("SansSerif", Font.BOLD, 14));
        for (String id : truth.keySet()) {
            if (!id.startsWith(first.getKey() + "/")) {
                continue;
            }
            Box b = lineBoxes.get(id);
            String text = text(read.get(id));
            boolean ok = text.equals(truth.get(id));
            String caption =
                    "read \"" + text + "\"" + (ok ? "" : " (label \"" + truth.get(id) + "\")");
            Color color = ok ? new Color(0, 150, 0) : new Color(210, 0, 0);
            g.setColor(color);
            g.drawRect(b.x(), b.y(), b.width(), b.height());
            int captionY = b.y() + b.height() + 4;
            g.fillRect(b.x(), captionY, g.getFontMetrics().stringWidth(caption) + 8, 20);
            g.setColor(Color.WHITE);
            g.drawString(caption, b.x() + 4, captionY + 15);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static String text(InferenceResult r) {
        return r == null
                ? "<no answer>"
                : r.output("text").map(Tensor::asText).orElse("<" + r.status().label() + ">");
    }

    private static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) (q * (sorted.length - 1))];
    }

    /** Sends requests as the robots and collects the job's committed answers. */
    private static final class Session {
        private final FrameProducer producer;
        private final InferenceOutputReader reader;
        private final Duration timeout;
        private final FrameCodec codec = new FrameCodec();
        private final Map<String, Long> sentMicros = new LinkedHashMap<>();
        private long seq;

        Session(FrameProducer producer, InferenceOutputReader reader, Duration timeout) {
            this.producer = producer;
            this.reader = reader;
            this.timeout = timeout;
        }

        void send(String robot, String id, String model, Tensor input) {
            long now = System.currentTimeMillis() * 1000;
            sentMicros.put(id, now);
            producer.send(
                    robot,
                    codec.encode(
                            NodeId.of(robot),
                            new InferenceRequest(seq++, now, id, model, "", 0, input)));
        }

        /** The answers to these request ids, once all arrived (or the timeout passed). */
        Map<String, InferenceResult> awaitAnswers(Set<String> ids) {
            producer.flush();
            Map<String, InferenceResult> answers = new LinkedHashMap<>();
            reader.pollUntil(
                    () -> {
                        for (InferenceResult r : reader.results()) {
                            if (ids.contains(r.requestId())) {
                                answers.putIfAbsent(r.requestId(), r);
                            }
                        }
                        return answers.size() >= ids.size();
                    },
                    timeout);
            return answers;
        }

        long sentMicros(InferenceResult r) {
            return sentMicros.get(r.requestId());
        }
    }
}
