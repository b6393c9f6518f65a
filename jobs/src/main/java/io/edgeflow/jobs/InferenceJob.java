package io.edgeflow.jobs;

import io.edgeflow.inference.batching.BatchPolicy;
import io.edgeflow.inference.flink.BatchingInferenceOperator;
import io.edgeflow.inference.flink.InferenceOutcome;
import io.edgeflow.inference.flink.InferenceOutcomeSerializer;
import io.edgeflow.inference.flink.InferenceSettings;
import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.operators.ingest.RawFrameDeserializer;
import io.edgeflow.protocol.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The inference job: INFERENCE_REQUEST frames → batched DJL inference ({@link
 * BatchingInferenceOperator}) → INFERENCE_RESULT frames; failures also to the dead-letter queue
 * with their reason. Model load/swap/unload commands arrive on the control topic, broadcast to
 * every subtask. Takes its sources and sinks like {@link FrameIngestJob}.
 *
 * <p>Operator uids are part of the savepoint format: never change one.
 */
public final class InferenceJob {
    public static final String NAME = "edgeflow inference";

    public static final String UID_REQUESTS = "inference-requests-source";
    public static final String UID_CONTROL = "models-control-source";
    public static final String UID_INFERENCE = "batched-inference";
    public static final String UID_RESULTS_SINK = "inference-results-sink";
    public static final String UID_DLQ_SINK = "inference-dlq-sink";

    /**
     * How long a partly filled network buffer may wait before it is sent, on the requests' and the
     * results' edges, in ms: not the 100 ms default, which would dominate an inference latency of a
     * few ms; the bench runs its pipeline with the same.
     */
    public static final long BUFFER_TIMEOUT_MS = 1;

    /** The job's own topics (requests and results partitioned by node; control: one partition). */
    public static final List<NewTopic> TOPICS =
            List.of(
                    new NewTopic(Topics.INFERENCE_REQUESTS, 4, (short) 1),
                    new NewTopic(Topics.INFERENCE_RESULTS, 4, (short) 1),
                    new NewTopic(Topics.MODELS_CONTROL, 1, (short) 1));

    private final Source<RawFrame, ?, ?> requests;
    private final Source<String, ?, ?> control;
    private final Sink<InferenceOutcome> results;
    private final Sink<DeadLetter> deadLetters;
    private final InferenceSettings settings;

    public InferenceJob(
            Source<RawFrame, ?, ?> requests,
            Source<String, ?, ?> control,
            Sink<InferenceOutcome> results,
            Sink<DeadLetter> deadLetters,
            InferenceSettings settings) {
        this.requests = requests;
        this.control = control;
        this.results = results;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /** Adds the job's topology to {@code env}; returns the inference operator's output. */
    public SingleOutputStreamOperator<InferenceOutcome> build(StreamExecutionEnvironment env) {
        DataStream<RawFrame> raw =
                env.fromSource(requests, WatermarkStrategy.noWatermarks(), "Inference requests")
                        .uid(UID_REQUESTS)
                        .setBufferTimeout(BUFFER_TIMEOUT_MS);
        DataStream<String> commands =
                env.fromSource(control, WatermarkStrategy.noWatermarks(), "Model control")
                        .uid(UID_CONTROL)
                        .setParallelism(1);
        SingleOutputStreamOperator<InferenceOutcome> inferred =
                raw.connect(commands.broadcast())
                        .transform(
                                "Batched inference (DJL)",
                                TypeInformation.of(InferenceOutcome.class),
                                new BatchingInferenceOperator(settings))
                        .uid(UID_INFERENCE)
                        .setBufferTimeout(BUFFER_TIMEOUT_MS);
        inferred.getSideOutput(BatchingInferenceOperator.DEAD_LETTERS)
                .sinkTo(deadLetters)
                .name("Dead letters to Kafka")
                .uid(UID_DLQ_SINK);
        inferred.sinkTo(results).name("Results to Kafka").uid(UID_RESULTS_SINK);
        return inferred;
    }

    /**
     * Entry point on a Flink cluster: {@code --bootstrap-servers HOST:PORT [--group-id ID]
     * [--max-batch N] [--max-delay-ms MS] [--predictors P]}. Models come from the control topic.
     * DJL and its engines must be on the cluster classpath (lib/) or loaded parent-first ({@code
     * classloader.parent-first-patterns.additional: ai.djl.;ai.onnxruntime.}): native libraries
     * bind to one class loader per JVM.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        BatchPolicy policy =
                BatchPolicy.of(
                        params.getInt("max-batch", 8),
                        Duration.ofMillis(params.getLong("max-delay-ms", 10)));
        InferenceSettings settings =
                InferenceSettings.of(policy, List.of())
                        .withPredictors(params.getInt("predictors", 2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(
                        params.getRequired("bootstrap-servers"),
                        params.get("group-id", "edgeflow-inference"),
                        settings)
                .build(env);
        env.execute(NAME);
    }

    public static InferenceJob forKafka(
            String bootstrapServers, String groupId, InferenceSettings settings) {
        KafkaSource<RawFrame> requests =
                KafkaSource.<RawFrame>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(Topics.INFERENCE_REQUESTS)
                        .setGroupId(groupId)
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new RawFrameDeserializer())
                        .setProperty("isolation.level", "read_committed")
                        .build();
        // Control commands from the start: a fresh job replays them; a restored one has them in
        // broadcast state and resumes at its checkpointed offset.
        KafkaSource<String> control =
                KafkaSource.<String>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(Topics.MODELS_CONTROL)
                        .setGroupId(groupId + "-control")
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(
                                KafkaRecordDeserializationSchema.valueOnly(
                                        new SimpleStringSchema()))
                        .build();
        KafkaSink<InferenceOutcome> results =
                KafkaEndpoints.exactlyOnce(
                        bootstrapServers,
                        groupId + "-results",
                        new InferenceOutcomeSerializer(Topics.INFERENCE_RESULTS),
                        KafkaClientConfig.none());
        return new InferenceJob(
                requests,
                control,
                results,
                KafkaEndpoints.deadLetterSink(bootstrapServers, groupId + "-inference"),
                settings);
    }
}
