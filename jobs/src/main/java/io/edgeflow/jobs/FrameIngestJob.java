package io.edgeflow.jobs;

import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.ingest.DecodeFrames;
import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.operators.trajectory.DeadReckoning;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.state.FrameTypeInfo;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The frame ingest job: frames → decode and verify (bad ones to the dead-letter queue with their
 * reason) → keyed by robot → per-robot trajectory → poses. It takes its source and sinks, so {@link
 * #main} wires Kafka and tests wire whatever they need (flink-training style).
 *
 * <p>Operator uids are part of the savepoint format: never change one.
 */
public final class FrameIngestJob {
    public static final String NAME = "edgeflow frame ingest";

    public static final String UID_SOURCE = "frames-source";
    public static final String UID_DECODE = "decode-frames";
    public static final String UID_TRAJECTORY = "robot-trajectory";
    public static final String UID_POSES_SINK = "poses-sink";
    public static final String UID_DLQ_SINK = "dlq-sink";

    private final Source<RawFrame, ?, ?> frames;
    private final Sink<RobotPose> poses;
    private final Sink<DeadLetter> deadLetters;
    private final int maxPayloadBytes;

    public FrameIngestJob(
            Source<RawFrame, ?, ?> frames,
            Sink<RobotPose> poses,
            Sink<DeadLetter> deadLetters,
            int maxPayloadBytes) {
        this.frames = frames;
        this.poses = poses;
        this.deadLetters = deadLetters;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Adds the job's topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        WatermarkStrategy<RawFrame> watermarks =
                WatermarkStrategy.<RawFrame>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                        .withTimestampAssigner((raw, ts) -> raw.timestamp())
                        .withIdleness(Duration.ofSeconds(10));
        DataStream<RawFrame> raw =
                env.fromSource(frames, watermarks, "Kafka frames").uid(UID_SOURCE);

        SingleOutputStreamOperator<Frame> decoded =
                raw.process(new DecodeFrames(maxPayloadBytes, keyRing), FrameTypeInfo.INSTANCE)
                        .name("Decode and verify frames")
                        .uid(UID_DECODE);

        decoded.getSideOutput(DecodeFrames.DEAD_LETTERS)
                .sinkTo(deadLetters)
                .name("Dead letters to Kafka")
                .uid(UID_DLQ_SINK);

        decoded.keyBy(Frame::nodeId)
                .process(new DeadReckoning())
                .name("Robot trajectory (dead reckoning)")
                .uid(UID_TRAJECTORY)
                .sinkTo(poses)
                .name("Poses to Kafka")
                .uid(UID_POSES_SINK);
    }

    /**
     * Entry point on a Flink cluster: {@code --bootstrap-servers HOST:PORT [--group-id ID]
     * [--max-payload-bytes N]}. State backend, checkpointing and restarts come from the cluster's
     * configuration (flink-conf/config.yaml).
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        String bootstrap = params.getRequired("bootstrap-servers");
        String group = params.get("group-id", "edgeflow-frame-ingest");
        int maxPayload = params.getInt("max-payload-bytes", FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(bootstrap, group, maxPayload).build(env);
        env.execute(NAME);
    }

    public static FrameIngestJob forKafka(
            String bootstrapServers, String groupId, int maxPayloadBytes) {
        return new FrameIngestJob(
                KafkaEndpoints.frameSource(bootstrapServers, groupId),
                KafkaEndpoints.poseSink(bootstrapServers, groupId),
                KafkaEndpoints.deadLetterSink(bootstrapServers, groupId),
                maxPayloadBytes);
    }

    /** Keys of the nodes that encrypt their payloads (docs/edge-agent.md); null: none do. */
    private io.edgeflow.protocol.KeyRing keyRing;

    /**
     * Verifies and decrypts encrypted frames with {@code ring}: one that fails goes to the DLQ as
     * {@code auth_failed}. Without a ring, encrypted frames are dead-lettered as unsupported.
     */
    public FrameIngestJob withKeyRing(io.edgeflow.protocol.KeyRing ring) {
        this.keyRing = ring;
        return this;
    }
}
