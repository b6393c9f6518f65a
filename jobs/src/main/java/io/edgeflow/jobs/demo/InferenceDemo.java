package io.edgeflow.jobs.demo;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.inference.batching.BatchPolicy;
import io.edgeflow.inference.flink.InferenceSettings;
import io.edgeflow.inference.model.ModelFiles;
import io.edgeflow.inference.ocr.Images;
import io.edgeflow.inference.ocr.LabelScenes;
import io.edgeflow.jobs.InferenceJob;
import io.edgeflow.jobs.runtime.InferenceEnvironment;
import io.edgeflow.jobs.runtime.InferenceOutputReader;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.InferenceRequest;
import io.edgeflow.protocol.InferenceResult;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The inference part of the demo: robots read shelf and bin labels in their camera frames and send
 * the label lines to the inference job (PP-OCRv4's recognizer); the demo prints what came back and
 * the batching figures. For the lead's {@code ./edgeflow demo}: call {@link #run} on a started
 * {@link LocalRuntime}.
 */
public final class InferenceDemo {
    private InferenceDemo() {}

    public static void run(LocalRuntime runtime, int framesPerRobot, PrintStream out)
            throws Exception {
        InferenceEnvironment.configureOffline();
        runtime.broker().createTopics(InferenceJob.TOPICS);
        InferenceSettings settings =
                InferenceSettings.of(
                                BatchPolicy.of(8, Duration.ofMillis(40)),
                                List.of(ModelFiles.ocrRecognizer(1)))
                        .withPredictors(1);
        StreamExecutionEnvironment env = runtime.newEnvironment();
        InferenceJob.forKafka(runtime.bootstrapServers(), "edgeflow-demo-inference", settings)
                .build(env);
        JobClient job = env.executeAsync(InferenceJob.NAME);
        String[] robots = {"robot-a", "robot-b", "robot-c"};
        Map<String, String> truth = new HashMap<>();
        FrameCodec codec = new FrameCodec();
        try (FrameProducer producer =
                new FrameProducer(runtime.bootstrapServers(), Topics.INFERENCE_REQUESTS)) {
            long seq = 0;
            for (String robot : robots) {
                for (LabelScenes.Scene frame :
                        LabelScenes.generate(
                                LabelScenes.Condition.UPRIGHT, framesPerRobot, robot.hashCode())) {
                    for (LabelScenes.Label label : frame.labels()) {
                        String id = robot + "/" + seq;
                        truth.put(id, label.text());
                        producer.send(
                                robot,
                                codec.encode(
                                        NodeId.of(robot),
                                        new InferenceRequest(
                                                seq++,
                                                System.currentTimeMillis() * 1000,
                                                id,
                                                ModelFiles.OCR_RECOGNIZER,
                                                "",
                                                0,
                                                Images.toPngTensor(
                                                        LabelScenes.lineCrop(
                                                                frame.image(), label.box())))));
                    }
                }
            }
            producer.flush();
        }
        try (InferenceOutputReader reader = new InferenceOutputReader(runtime.bootstrapServers())) {
            reader.pollUntil(() -> reader.results().size() >= truth.size(), Duration.ofMinutes(3));
            int exact = 0;
            long batchSum = 0;
            long computeSum = 0;
            for (InferenceResult r : reader.results()) {
                String text = r.output("text").map(t -> t.asText()).orElse("<" + r.status() + ">");
                if (text.equals(truth.get(r.requestId()))) {
                    exact++;
                }
                batchSum += r.batchSize();
                computeSum += r.computeMicros();
            }
            reader.results().stream()
                    .limit(6)
                    .forEach(
                            r ->
                                    out.printf(
                                            "  %s read \"%s\" (label \"%s\", batch of %d)%n",
                                            r.requestId(),
                                            r.output("text").map(t -> t.asText()).orElse(""),
                                            truth.get(r.requestId()),
                                            r.batchSize()));
            int n = Math.max(1, reader.results().size());
            out.printf(
                    Locale.ROOT,
                    "inference: %d/%d labels answered, %d read exactly; mean batch %.1f, mean batch"
                            + " compute %.1f ms; %d dead letters%n",
                    reader.results().size(),
                    truth.size(),
                    exact,
                    (double) batchSum / n,
                    computeSum / 1000.0 / n,
                    reader.deadLetters().size());
        } finally {
            job.cancel().get();
        }
    }
}
