package io.edgeflow.jobs;

import io.edgeflow.control.health.HealthPolicy;
import io.edgeflow.control.health.HealthTransition;
import io.edgeflow.control.scheduling.Assignment;
import io.edgeflow.control.scheduling.SchedulingPolicy;
import io.edgeflow.jobs.control.JsonRecordSerializer;
import io.edgeflow.jobs.control.NodeHealthFunction;
import io.edgeflow.jobs.control.NodeSpecDefaults;
import io.edgeflow.jobs.control.NodeStatus;
import io.edgeflow.jobs.control.TaskRoutingFunction;
import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.ingest.DecodeFrames;
import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.KeyRing;
import io.edgeflow.protocol.Topics;
import io.edgeflow.state.FrameTypeInfo;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The fleet control plane: frames → decode (bad ones to the dead-letter queue) → HEARTBEAT frames
 * keyed by node name → health state machine → the node registry ({@code edgeflow.nodes}, compacted)
 * and health transitions ({@code edgeflow.node-health}); tasks ({@code edgeflow.tasks}) → a router
 * with the registry as broadcast state → placements and failover reassignments ({@code
 * edgeflow.assignments}, keyed by node). See docs/control-plane.md.
 *
 * <p>Operator uids are part of the savepoint format: never change one.
 */
public final class ControlPlaneJob {
    public static final String NAME = "edgeflow control plane";

    public static final String UID_FRAMES_SOURCE = "control-frames-source";
    public static final String UID_DECODE = "control-decode-frames";
    public static final String UID_HEARTBEAT_TIME = "heartbeat-event-time";
    public static final String UID_HEALTH = "node-health";
    public static final String UID_TASKS_SOURCE = "tasks-source";
    public static final String UID_ROUTER = "task-router";
    public static final String UID_NODES_SINK = "nodes-sink";
    public static final String UID_TRANSITIONS_SINK = "node-health-sink";
    public static final String UID_ASSIGNMENTS_SINK = "assignments-sink";
    public static final String UID_DLQ_SINK = "control-dlq-sink";

    /** Heartbeats may arrive this much out of heartbeat-time order and still count as on time. */
    public static final Duration HEARTBEAT_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

    /**
     * @param health thresholds of the health state machine
     * @param criticalBattery a heartbeat below this battery fraction reports an impaired node
     * @param saturatedCpuLoad a heartbeat at or above this CPU load reports an impaired node
     * @param processingTimeFallback also detect silence by wall clock, for when the whole fleet is
     *     silent and heartbeat time stops
     * @param policy the scheduling policy's name ({@link SchedulingPolicy#NAMES})
     * @param nodeSpec the spec the router assumes for nodes (heartbeats carry none)
     */
    public record Settings(
            HealthPolicy health,
            float criticalBattery,
            float saturatedCpuLoad,
            boolean processingTimeFallback,
            String policy,
            NodeSpecDefaults nodeSpec,
            int maxPayloadBytes,
            KeyRing keyRing) {

        public static Settings defaults() {
            return new Settings(
                    HealthPolicy.forHeartbeatInterval(1_000),
                    0.1f,
                    0.95f,
                    true,
                    "least-loaded",
                    NodeSpecDefaults.standard(),
                    FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES,
                    null);
        }

        public Settings withHealth(HealthPolicy h) {
            return new Settings(
                    h,
                    criticalBattery,
                    saturatedCpuLoad,
                    processingTimeFallback,
                    policy,
                    nodeSpec,
                    maxPayloadBytes,
                    keyRing);
        }

        public Settings withProcessingTimeFallback(boolean on) {
            return new Settings(
                    health,
                    criticalBattery,
                    saturatedCpuLoad,
                    on,
                    policy,
                    nodeSpec,
                    maxPayloadBytes,
                    keyRing);
        }

        public Settings withPolicy(String name) {
            return new Settings(
                    health,
                    criticalBattery,
                    saturatedCpuLoad,
                    processingTimeFallback,
                    name,
                    nodeSpec,
                    maxPayloadBytes,
                    keyRing);
        }

        public Settings withKeyRing(KeyRing ring) {
            return new Settings(
                    health,
                    criticalBattery,
                    saturatedCpuLoad,
                    processingTimeFallback,
                    policy,
                    nodeSpec,
                    maxPayloadBytes,
                    ring);
        }
    }

    private final Source<RawFrame, ?, ?> frames;
    private final Source<String, ?, ?> tasks;
    private final Sink<NodeStatus> nodes;
    private final Sink<HealthTransition> transitions;
    private final Sink<Assignment> assignments;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;

    public ControlPlaneJob(
            Source<RawFrame, ?, ?> frames,
            Source<String, ?, ?> tasks,
            Sink<NodeStatus> nodes,
            Sink<HealthTransition> transitions,
            Sink<Assignment> assignments,
            Sink<DeadLetter> deadLetters,
            Settings settings) {
        this.frames = frames;
        this.tasks = tasks;
        this.nodes = nodes;
        this.transitions = transitions;
        this.assignments = assignments;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /** Adds the job's topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawFrame> raw =
                env.fromSource(frames, WatermarkStrategy.noWatermarks(), "Kafka frames")
                        .uid(UID_FRAMES_SOURCE);
        SingleOutputStreamOperator<Frame> decoded =
                raw.process(
                                new DecodeFrames(settings.maxPayloadBytes(), settings.keyRing()),
                                FrameTypeInfo.INSTANCE)
                        .name("Decode and verify frames")
                        .uid(UID_DECODE);
        decoded.getSideOutput(DecodeFrames.DEAD_LETTERS)
                .sinkTo(deadLetters)
                .name("Dead letters to Kafka")
                .uid(UID_DLQ_SINK);

        // Event time is the nodes' own heartbeat time, not the Kafka append time: silence is
        // judged on the node's clock, so a backlog read late does not look like an outage.
        WatermarkStrategy<Frame> heartbeatTime =
                WatermarkStrategy.<Frame>forBoundedOutOfOrderness(HEARTBEAT_OUT_OF_ORDERNESS)
                        .withTimestampAssigner(
                                (f, ts) -> ((Heartbeat) f.message()).timestampMicros() / 1_000)
                        .withIdleness(Duration.ofSeconds(10));
        SingleOutputStreamOperator<NodeStatus> registry =
                decoded.filter(f -> f.message() instanceof Heartbeat)
                        .name("Heartbeats")
                        .uid("heartbeats")
                        .assignTimestampsAndWatermarks(heartbeatTime)
                        .name("Heartbeat time")
                        .uid(UID_HEARTBEAT_TIME)
                        .keyBy(f -> ((Heartbeat) f.message()).nodeName(), Types.STRING)
                        .process(
                                new NodeHealthFunction(
                                        settings.health(),
                                        settings.criticalBattery(),
                                        settings.saturatedCpuLoad(),
                                        settings.processingTimeFallback()),
                                TypeInformation.of(NodeStatus.class))
                        .name("Node health")
                        .uid(UID_HEALTH);
        registry.sinkTo(nodes).name("Node registry to Kafka").uid(UID_NODES_SINK);
        registry.getSideOutput(NodeHealthFunction.TRANSITIONS)
                .sinkTo(transitions)
                .name("Health transitions to Kafka")
                .uid(UID_TRANSITIONS_SINK);

        // One router: its load accounting and round-robin cursor are fleet-wide.
        env.fromSource(tasks, WatermarkStrategy.noWatermarks(), "Kafka tasks")
                .uid(UID_TASKS_SOURCE)
                .connect(registry.broadcast(TaskRoutingFunction.NODES))
                .process(
                        new TaskRoutingFunction(settings.policy(), settings.nodeSpec()),
                        TypeInformation.of(Assignment.class))
                .name("Task router")
                .uid(UID_ROUTER)
                .setParallelism(1)
                .setMaxParallelism(1)
                .sinkTo(assignments)
                .name("Assignments to Kafka")
                .uid(UID_ASSIGNMENTS_SINK)
                .setParallelism(1);
    }

    /**
     * Entry point on a Flink cluster: {@code --bootstrap-servers HOST:PORT [--group-id ID]
     * [--heartbeat-interval-ms N] [--policy round-robin|least-loaded|latency|power] [--key-ring
     * FILE] [--kafka-client-config FILE]}.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        String bootstrap = params.getRequired("bootstrap-servers");
        String group = params.get("group-id", "edgeflow-control-plane");
        Settings settings =
                Settings.defaults()
                        .withHealth(
                                HealthPolicy.forHeartbeatInterval(
                                        params.getLong("heartbeat-interval-ms", 1_000)))
                        .withPolicy(params.get("policy", "least-loaded"));
        if (params.has("key-ring")) {
            settings = settings.withKeyRing(KeyRing.load(Path.of(params.get("key-ring"))));
        }
        KafkaClientConfig client = KafkaClientConfig.fromOption(params.get("kafka-client-config"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(bootstrap, group, client, settings).build(env);
        env.execute(NAME);
    }

    public static ControlPlaneJob forKafka(
            String bootstrapServers, String groupId, KafkaClientConfig client, Settings settings) {
        return new ControlPlaneJob(
                KafkaEndpoints.frameSource(bootstrapServers, groupId, client),
                taskSource(bootstrapServers, groupId, client),
                KafkaEndpoints.exactlyOnce(
                        bootstrapServers,
                        groupId + "-nodes",
                        new JsonRecordSerializer<NodeStatus>(Topics.NODES, NodeStatus::nodeId),
                        client),
                KafkaEndpoints.exactlyOnce(
                        bootstrapServers,
                        groupId + "-node-health",
                        new JsonRecordSerializer<HealthTransition>(
                                Topics.NODE_HEALTH, HealthTransition::nodeId),
                        client),
                KafkaEndpoints.exactlyOnce(
                        bootstrapServers,
                        groupId + "-assignments",
                        new JsonRecordSerializer<Assignment>(
                                Topics.ASSIGNMENTS, Assignment::nodeId),
                        client),
                KafkaEndpoints.deadLetterSink(bootstrapServers, groupId, client),
                settings);
    }

    /** Task records (JSON values) from the start for a new group, then from committed offsets. */
    public static KafkaSource<String> taskSource(
            String bootstrapServers, String groupId, KafkaClientConfig client) {
        return KafkaSource.<String>builder()
                .setProperties(client.properties())
                .setBootstrapServers(bootstrapServers)
                .setTopics(Topics.TASKS)
                .setGroupId(groupId)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(
                        KafkaRecordDeserializationSchema.valueOnly(new SimpleStringSchema()))
                .setProperty("isolation.level", "read_committed")
                .build();
    }
}
