package io.edgeflow.jobs;

import io.edgeflow.jobs.control.MergedDocument;
import io.edgeflow.jobs.control.MergedDocumentSerializer;
import io.edgeflow.jobs.control.SyncMergeFunction;
import io.edgeflow.jobs.control.SyncUpdateCheck;
import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.ingest.DecodeFrames;
import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.KeyRing;
import io.edgeflow.protocol.SyncUpdateMessage;
import io.edgeflow.protocol.Topics;
import io.edgeflow.state.FrameTypeInfo;
import io.edgeflow.state.sync.CrdtType;
import io.edgeflow.state.sync.MergeStrategy;
import io.edgeflow.state.sync.MergeStrategyRegistry;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Replicated edge state: SYNC_UPDATE frames ({@code edgeflow.sync.updates}) → decode (bad frames to
 * the dead-letter queue) → strategy check → keyed by document key, merged by the key's strategy in
 * keyed state → the merged documents ({@code edgeflow.sync.state}, compacted), which nodes read
 * back. See docs/control-plane.md.
 *
 * <p>Operator uids are part of the savepoint format: never change one.
 */
public final class ReplicatedStateJob {
    public static final String NAME = "edgeflow replicated state";

    public static final String UID_SOURCE = "sync-updates-source";
    public static final String UID_DECODE = "sync-decode-frames";
    public static final String UID_CHECK = "sync-update-check";
    public static final String UID_MERGE = "sync-merge";
    public static final String UID_STATE_SINK = "sync-state-sink";
    public static final String UID_DLQ_SINK = "sync-dlq-sink";

    private final Source<RawFrame, ?, ?> updates;
    private final Sink<MergedDocument> state;
    private final Sink<DeadLetter> deadLetters;
    private final SerializableSupplier<MergeStrategyRegistry> strategies;
    private final int maxPayloadBytes;
    private final KeyRing keyRing;

    /**
     * @param strategies the registry every replica of the documents uses
     * @param keyRing the nodes' keys for encrypted frames, or null
     */
    public ReplicatedStateJob(
            Source<RawFrame, ?, ?> updates,
            Sink<MergedDocument> state,
            Sink<DeadLetter> deadLetters,
            SerializableSupplier<MergeStrategyRegistry> strategies,
            int maxPayloadBytes,
            KeyRing keyRing) {
        this.updates = updates;
        this.state = state;
        this.deadLetters = deadLetters;
        this.strategies = strategies;
        this.maxPayloadBytes = maxPayloadBytes;
        this.keyRing = keyRing;
    }

    /**
     * The fleet's default declarations: missions and everything else last-writer-wins, map
     * annotations as up to four siblings, counters, tag sets and configuration maps as CRDTs.
     * Deployments with custom rules pass their own registry.
     */
    public static MergeStrategyRegistry defaultStrategies() {
        return new MergeStrategyRegistry(new MergeStrategy.LastWriterWins())
                .register("annotation/", new MergeStrategy.MultiValue(4))
                .register("counter/", new MergeStrategy.CrdtMerge(CrdtType.COUNTER))
                .register("tags/", new MergeStrategy.CrdtMerge(CrdtType.OR_SET))
                .register("config/", new MergeStrategy.CrdtMerge(CrdtType.LWW_MAP));
    }

    /** Adds the job's topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<Frame> decoded =
                env.fromSource(updates, WatermarkStrategy.noWatermarks(), "Kafka sync updates")
                        .uid(UID_SOURCE)
                        .process(new DecodeFrames(maxPayloadBytes, keyRing), FrameTypeInfo.INSTANCE)
                        .name("Decode and verify frames")
                        .uid(UID_DECODE);
        SingleOutputStreamOperator<Frame> checked =
                decoded.process(
                                new SyncUpdateCheck(Topics.SYNC_UPDATES, strategies),
                                FrameTypeInfo.INSTANCE)
                        .name("Sync updates with their key's strategy")
                        .uid(UID_CHECK);
        decoded.getSideOutput(DecodeFrames.DEAD_LETTERS)
                .union(checked.getSideOutput(SyncUpdateCheck.DEAD_LETTERS))
                .sinkTo(deadLetters)
                .name("Dead letters to Kafka")
                .uid(UID_DLQ_SINK);
        checked.keyBy(f -> ((SyncUpdateMessage) f.message()).key(), Types.STRING)
                .process(
                        new SyncMergeFunction(strategies), TypeInformation.of(MergedDocument.class))
                .name("Merge by the key's strategy")
                .uid(UID_MERGE)
                .sinkTo(state)
                .name("Merged documents to Kafka")
                .uid(UID_STATE_SINK);
    }

    /**
     * Entry point on a Flink cluster: {@code --bootstrap-servers HOST:PORT [--group-id ID]
     * [--key-ring FILE] [--kafka-client-config FILE]}, with {@link #defaultStrategies()}.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        KeyRing ring =
                params.has("key-ring") ? KeyRing.load(Path.of(params.get("key-ring"))) : null;
        KafkaClientConfig client = KafkaClientConfig.fromOption(params.get("kafka-client-config"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(
                        params.getRequired("bootstrap-servers"),
                        params.get("group-id", "edgeflow-replicated-state"),
                        client,
                        ReplicatedStateJob::defaultStrategies,
                        ring)
                .build(env);
        env.execute(NAME);
    }

    public static ReplicatedStateJob forKafka(
            String bootstrapServers,
            String groupId,
            KafkaClientConfig client,
            SerializableSupplier<MergeStrategyRegistry> strategies,
            KeyRing keyRing) {
        return new ReplicatedStateJob(
                KafkaEndpoints.frameSource(bootstrapServers, groupId, client, Topics.SYNC_UPDATES),
                KafkaEndpoints.exactlyOnce(
                        bootstrapServers,
                        groupId + "-sync-state",
                        new MergedDocumentSerializer(Topics.SYNC_STATE),
                        client),
                KafkaEndpoints.deadLetterSink(bootstrapServers, groupId, client),
                strategies,
                FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES,
                keyRing);
    }
}
