package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.agent.FrameProducer;
import io.edgeflow.inference.batching.BatchPolicy;
import io.edgeflow.inference.flink.InferenceSettings;
import io.edgeflow.inference.model.ModelCommand;
import io.edgeflow.inference.model.ModelFiles;
import io.edgeflow.inference.model.ModelLoader;
import io.edgeflow.inference.model.ModelSpec;
import io.edgeflow.inference.model.PredictorRunner;
import io.edgeflow.inference.model.SampleOutput;
import io.edgeflow.inference.ocr.CtcDecoder;
import io.edgeflow.inference.ocr.Images;
import io.edgeflow.inference.ocr.LabelScenes;
import io.edgeflow.inference.ocr.RecognizerAdapter;
import io.edgeflow.jobs.runtime.InferenceEnvironment;
import io.edgeflow.jobs.runtime.InferenceOutputReader;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.InferenceRequest;
import io.edgeflow.protocol.InferenceResult;
import io.edgeflow.protocol.InferenceResult.Status;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Tensor;
import io.edgeflow.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference job on a Flink MiniCluster with real models (PP-OCRv4's recognizer on OnnxRuntime,
 * a DJL Block MLP on PyTorch) and a real KRaft broker; results read back with read_committed, as a
 * robot would.
 */
class InferenceJobTest {
    static {
        InferenceEnvironment.configureOffline();
    }

    static final String ROBOT = "robot-infer";
    @TempDir static Path work;
    KraftBroker broker;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.cluster(() -> flinkConfig());

    static Configuration flinkConfig() {
        Configuration c = new Configuration();
        c.setString("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        c.setString("execution.checkpointing.interval", "500ms");
        c.setString("execution.checkpointing.min-pause", "100ms");
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", "5");
        c.setString("restart-strategy.fixed-delay.delay", "500ms");
        c.setString("io.tmp.dirs", work.toString());
        return c;
    }

    @BeforeEach
    void startBroker(TestInfo test) throws Exception {
        broker =
                KraftBroker.start(
                        work.resolve("kafka-" + test.getTestMethod().orElseThrow().getName()), 0);
        List<NewTopic> topics = new ArrayList<>(LocalRuntime.TOPICS);
        topics.addAll(InferenceJob.TOPICS);
        broker.createTopics(topics);
        awaitPartitionLeaders(topics);
    }

    /**
     * A topic's partitions get leaders a moment after it is created; a Kafka source that asks
     * before then fails the job once, so the test starts only when every partition is served.
     */
    void awaitPartitionLeaders(List<NewTopic> topics) throws Exception {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
            for (int attempt = 0; attempt < 100; attempt++) {
                try {
                    boolean ready =
                            admin.describeTopics(names).allTopicNames().get().values().stream()
                                    .flatMap(d -> d.partitions().stream())
                                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                    if (ready) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause()
                            instanceof
                            org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("partitions of " + names + " have no leaders");
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void labelImagesAreReadByTheOcrModelInBatchesAndFailuresAreDeadLettered() throws Exception {
        ModelSpec recognizer = ModelFiles.ocrRecognizer(1);
        Map<String, java.awt.image.BufferedImage> crops = new LinkedHashMap<>();
        for (LabelScenes.Scene s : LabelScenes.generate(LabelScenes.Condition.UPRIGHT, 6, 11)) {
            for (LabelScenes.Label l : s.labels()) {
                crops.put("ocr-" + crops.size(), LabelScenes.lineCrop(s.image(), l.box()));
            }
        }
        // What the model reads outside Flink: the pipeline must return exactly this.
        Map<String, String> reference = new LinkedHashMap<>();
        RecognizerAdapter adapter =
                new RecognizerAdapter(
                        CtcDecoder.fromDictionary(
                                Path.of(recognizer.location())
                                        .resolveSibling("ppocr_keys_v1.txt")));
        try (ZooModel<NDList, NDList> model = ModelLoader.load(recognizer);
                PredictorRunner runner = new PredictorRunner(model, recognizer)) {
            for (var e : crops.entrySet()) {
                SampleOutput out =
                        runner.run(List.of(RecognizerAdapter.toSample(e.getValue()))).get(0);
                reference.put(e.getKey(), adapter.text(out));
            }
        }

        FrameCodec codec = new FrameCodec();
        try (FrameProducer producer =
                new FrameProducer(broker.bootstrapServers(), Topics.INFERENCE_REQUESTS)) {
            long seq = 0;
            for (var e : crops.entrySet()) {
                Tensor input =
                        seq % 2 == 0
                                ? Images.toRawTensor(e.getValue())
                                : Images.toPngTensor(e.getValue());
                producer.send(
                        ROBOT,
                        codec.encode(
                                NodeId.of(ROBOT),
                                request(seq++, e.getKey(), "ppocr-rec", "", input)));
            }
            producer.send(
                    ROBOT,
                    codec.encode(
                            NodeId.of(ROBOT),
                            request(
                                    seq++,
                                    "lost",
                                    "no-such-model",
                                    "",
                                    Images.toRawTensor(crops.values().iterator().next()))));
            producer.send(ROBOT, "not a frame at all".getBytes());
            producer.flush();
        }
        int expected = crops.size() + 1;

        JobClient job =
                submit(
                        "ocr-test",
                        InferenceSettings.of(
                                        BatchPolicy.of(8, Duration.ofMillis(50)),
                                        List.of(recognizer))
                                .withPredictors(1));
        try (InferenceOutputReader out = new InferenceOutputReader(broker.bootstrapServers())) {
            assertThat(
                            out.pollUntil(
                                    () ->
                                            out.results().size() >= expected
                                                    && out.deadLetters().size() >= 2,
                                    Duration.ofMinutes(2)))
                    .as("all results committed")
                    .isTrue();
            out.pollUntil(() -> false, Duration.ofSeconds(2));

            Map<String, InferenceResult> byId =
                    out.results().stream()
                            .collect(
                                    Collectors.toMap(
                                            InferenceResult::requestId, Function.identity()));
            assertThat(out.results()).as("each request answered once").hasSize(expected);
            for (var e : reference.entrySet()) {
                InferenceResult r = byId.get(e.getKey());
                assertThat(r.status()).isEqualTo(Status.OK);
                assertThat(r.modelVersion()).isEqualTo("v4");
                assertThat(r.output("text").orElseThrow().asText()).isEqualTo(e.getValue());
            }
            assertThat(out.results().stream().mapToInt(InferenceResult::batchSize).max().orElse(0))
                    .as("requests were batched")
                    .isGreaterThan(1);
            InferenceResult lost = byId.get("lost");
            assertThat(lost.status()).isEqualTo(Status.UNKNOWN_MODEL);
            assertThat(lost.error()).contains("no-such-model");
            assertThat(
                            out.deadLetters().stream()
                                    .map(InferenceOutputReader.DeadLetterRecord::reason))
                    .containsExactlyInAnyOrder("unknown_model", "bad_magic");

            // The same image again: answered from the result cache, same text.
            String first = crops.keySet().iterator().next();
            try (FrameProducer producer =
                    new FrameProducer(broker.bootstrapServers(), Topics.INFERENCE_REQUESTS)) {
                producer.send(
                        ROBOT,
                        codec.encode(
                                NodeId.of(ROBOT),
                                request(
                                        1000,
                                        "again",
                                        "ppocr-rec",
                                        "",
                                        Images.toRawTensor(crops.get(first)))));
                producer.flush();
            }
            assertThat(out.pollUntil(() -> out.results().size() > expected, Duration.ofMinutes(1)))
                    .isTrue();
            InferenceResult again = out.results().get(out.results().size() - 1);
            assertThat(again.requestId()).isEqualTo("again");
            assertThat(again.cacheHit()).isTrue();
            assertThat(again.output("text").orElseThrow().asText()).isEqualTo(reference.get(first));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void modelsAreSwappedAndUnloadedThroughTheControlTopicWithoutARestart() throws Exception {
        ModelSpec v1 = ModelFiles.mlp("1", 1);
        ModelSpec v2 = ModelFiles.mlp("2", 1);
        JobClient job =
                submit(
                        "control-test",
                        InferenceSettings.of(BatchPolicy.of(8, Duration.ofMillis(5)), List.of(v1))
                                .withPredictors(1)
                                .withCache(0, Duration.ofSeconds(1)));
        FrameCodec codec = new FrameCodec();
        Tensor x = mlpInput(new Random(1));
        try (FrameProducer requests =
                        new FrameProducer(broker.bootstrapServers(), Topics.INFERENCE_REQUESTS);
                FrameProducer control =
                        new FrameProducer(broker.bootstrapServers(), Topics.MODELS_CONTROL);
                InferenceOutputReader out = new InferenceOutputReader(broker.bootstrapServers())) {
            int[] seq = {0};
            Function<String, InferenceResult> probe =
                    wanted -> {
                        String id = "probe-" + seq[0];
                        requests.send(
                                ROBOT,
                                codec.encode(
                                        NodeId.of(ROBOT), request(seq[0]++, id, "mlp", "", x)));
                        requests.flush();
                        out.pollUntil(
                                () ->
                                        out.results().stream()
                                                .anyMatch(r -> r.requestId().equals(id)),
                                Duration.ofMinutes(1));
                        return out.results().stream()
                                .filter(r -> r.requestId().equals(id))
                                .findFirst()
                                .orElseThrow();
                    };
            InferenceResult first = probe.apply("1");
            assertThat(first.status()).isEqualTo(Status.OK);
            assertThat(first.modelVersion()).isEqualTo("1");

            control.send("ops", ModelCommand.swap(v2).toBytes());
            control.flush();
            InferenceResult swapped = first;
            for (int i = 0; i < 60 && swapped.modelVersion().equals("1"); i++) {
                swapped = probe.apply("2");
            }
            assertThat(swapped.status()).isEqualTo(Status.OK);
            assertThat(swapped.modelVersion()).isEqualTo("2");
            assertThat(swapped.output("output").orElseThrow().asFloats())
                    .as("a different model answers")
                    .isNotEqualTo(first.output("output").orElseThrow().asFloats());

            control.send("ops", ModelCommand.unload("mlp", "").toBytes());
            control.flush();
            InferenceResult gone = swapped;
            for (int i = 0; i < 60 && gone.status() == Status.OK; i++) {
                gone = probe.apply("none");
            }
            assertThat(gone.status()).isEqualTo(Status.UNKNOWN_MODEL);
            assertThat(gone.error()).isEqualTo("model mlp is not loaded");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void requestsInFlightWhenATaskManagerDiesAreAnsweredExactlyOnce(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        ModelSpec mlp = ModelFiles.mlp("1", 1);
        // Batches close only after a 20 s queue delay: the first requests are still in flight
        // (in operator state) at the checkpoints before the TaskManager dies.
        JobClient job =
                submit(
                        "failover-test",
                        InferenceSettings.of(
                                        BatchPolicy.of(1024, Duration.ofSeconds(20)), List.of(mlp))
                                .withPredictors(1)
                                .withCache(0, Duration.ofSeconds(1)));
        FrameCodec codec = new FrameCodec();
        Random r = new Random(2);
        int perPhase = 300;
        try (FrameProducer requests =
                        new FrameProducer(broker.bootstrapServers(), Topics.INFERENCE_REQUESTS);
                InferenceOutputReader out = new InferenceOutputReader(broker.bootstrapServers())) {
            for (int i = 0; i < perPhase; i++) {
                requests.send(
                        ROBOT + (i % 4),
                        codec.encode(
                                NodeId.of(ROBOT), request(i, "f-" + i, "mlp", "", mlpInput(r))));
            }
            requests.flush();
            // The source commits offsets when a checkpoint completes: once all are committed,
            // a checkpoint holds the requests that still wait in the batcher.
            try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
                long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (committedOffsets(admin, "failover-test") < perPhase) {
                    assertThat(System.nanoTime())
                            .as("offsets committed in time")
                            .isLessThan(giveUp);
                    Thread.sleep(50);
                }
            }
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            for (int i = perPhase; i < 2 * perPhase; i++) {
                requests.send(
                        ROBOT + (i % 4),
                        codec.encode(
                                NodeId.of(ROBOT), request(i, "f-" + i, "mlp", "", mlpInput(r))));
            }
            requests.flush();
            assertThat(
                            out.pollUntil(
                                    () -> out.results().size() >= 2 * perPhase,
                                    Duration.ofMinutes(3)))
                    .isTrue();
            out.pollUntil(() -> false, Duration.ofSeconds(3));
            List<String> ids =
                    out.results().stream().map(InferenceResult::requestId).sorted().toList();
            List<String> want = new ArrayList<>();
            for (int i = 0; i < 2 * perPhase; i++) {
                want.add("f-" + i);
            }
            assertThat(ids)
                    .as("every request answered exactly once")
                    .containsExactlyInAnyOrderElementsOf(want);
            assertThat(out.results()).allMatch(res -> res.status() == Status.OK);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void requestsUnansweredWithinTheTimeoutAreAnsweredTimeoutOnceAndDeadLettered()
            throws Exception {
        ModelSpec mlp = ModelFiles.mlp("1", 1);
        // Batches wait 3 s for more requests; the timeout is 300 ms: every request times out
        // first, and its late engine answer must not be emitted a second time.
        JobClient job =
                submit(
                        "timeout-test",
                        InferenceSettings.of(
                                        BatchPolicy.of(1024, Duration.ofSeconds(3)), List.of(mlp))
                                .withPredictors(1)
                                .withCache(0, Duration.ofSeconds(1))
                                .withTimeout(Duration.ofMillis(300)));
        FrameCodec codec = new FrameCodec();
        Random r = new Random(3);
        int n = 6;
        try (FrameProducer requests =
                        new FrameProducer(broker.bootstrapServers(), Topics.INFERENCE_REQUESTS);
                InferenceOutputReader out = new InferenceOutputReader(broker.bootstrapServers())) {
            for (int i = 0; i < n; i++) {
                requests.send(
                        ROBOT + i,
                        codec.encode(
                                NodeId.of(ROBOT), request(i, "t-" + i, "mlp", "", mlpInput(r))));
            }
            requests.flush();
            assertThat(
                            out.pollUntil(
                                    () ->
                                            out.results().size() >= n
                                                    && out.deadLetters().size() >= n,
                                    Duration.ofMinutes(2)))
                    .isTrue();
            // Past the batches' 3 s delay: the engine has answered them by now.
            out.pollUntil(() -> false, Duration.ofSeconds(5));
            assertThat(out.results().stream().map(InferenceResult::requestId))
                    .as("each request answered once")
                    .containsExactlyInAnyOrder(
                            java.util.stream.IntStream.range(0, n)
                                    .mapToObj(i -> "t-" + i)
                                    .toArray(String[]::new));
            assertThat(out.results()).allMatch(res -> res.status() == Status.TIMEOUT);
            assertThat(out.results())
                    .allMatch(res -> res.error().equals("no answer within PT0.3S"));
            assertThat(out.deadLetters()).hasSize(n).allMatch(d -> d.reason().equals("timeout"));
        } finally {
            job.cancel().get();
        }
    }

    static long committedOffsets(org.apache.kafka.clients.admin.Admin admin, String group)
            throws Exception {
        return admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .values()
                .stream()
                .filter(java.util.Objects::nonNull)
                .mapToLong(org.apache.kafka.clients.consumer.OffsetAndMetadata::offset)
                .sum();
    }

    static Tensor mlpInput(Random r) {
        float[] v = new float[256];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.floats(new int[] {256}, v);
    }

    static InferenceRequest request(
            long seq, String id, String model, String version, Tensor input) {
        return new InferenceRequest(
                seq, System.currentTimeMillis() * 1000, id, model, version, 0, input);
    }

    private JobClient submit(String group, InferenceSettings settings) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
        env.setParallelism(2);
        InferenceJob.forKafka(broker.bootstrapServers(), group, settings).build(env);
        return env.executeAsync(InferenceJob.NAME);
    }
}
