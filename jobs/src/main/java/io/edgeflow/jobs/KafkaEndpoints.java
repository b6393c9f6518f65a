package io.edgeflow.jobs;

import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.deadletter.DeadLetterSerializer;
import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.operators.ingest.RawFrameDeserializer;
import io.edgeflow.operators.mapping.MapTileSerializer;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.operators.trajectory.RobotPoseSerializer;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.Topics;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * The Kafka sources and sinks edgeflow's jobs share. Sinks are exactly-once: transactions commit
 * with checkpoints, and consumers downstream read with {@code isolation.level=read_committed}.
 */
public final class KafkaEndpoints {
    /**
     * Below the broker's {@code transaction.max.timeout.ms} (15 min by default); the sink's own
     * default (1 h) makes producers fail to initialize and the job restart forever.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private KafkaEndpoints() {}

    /** Frames from the start of the topic for a new consumer group, then from committed offsets. */
    public static KafkaSource<RawFrame> frameSource(String bootstrapServers, String groupId) {
        return frameSource(bootstrapServers, groupId, KafkaClientConfig.none());
    }

    /** As above, with a deployment's client settings (security, tuning) added. */
    public static KafkaSource<RawFrame> frameSource(
            String bootstrapServers, String groupId, KafkaClientConfig client) {
        return frameSource(bootstrapServers, groupId, client, Topics.FRAMES);
    }

    /** Frames from another topic than {@code edgeflow.frames}, read the same way. */
    public static KafkaSource<RawFrame> frameSource(
            String bootstrapServers, String groupId, KafkaClientConfig client, String topic) {
        return KafkaSource.<RawFrame>builder()
                .setProperties(client.properties())
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(
                                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawFrameDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "30000")
                .build();
    }

    public static KafkaSink<RobotPose> poseSink(
            String bootstrapServers, String transactionalIdPrefix) {
        return poseSink(bootstrapServers, transactionalIdPrefix, KafkaClientConfig.none());
    }

    public static KafkaSink<RobotPose> poseSink(
            String bootstrapServers, String transactionalIdPrefix, KafkaClientConfig client) {
        return exactlyOnce(
                bootstrapServers,
                transactionalIdPrefix + "-poses",
                new RobotPoseSerializer(Topics.POSES),
                client);
    }

    /** Corrected poses of the map groups, to {@code edgeflow.poses.global}. */
    public static KafkaSink<RobotPose> globalPoseSink(
            String bootstrapServers, String transactionalIdPrefix, KafkaClientConfig client) {
        return exactlyOnce(
                bootstrapServers,
                transactionalIdPrefix + "-global-poses",
                new RobotPoseSerializer(Topics.POSES_GLOBAL),
                client);
    }

    /** Merged map tiles, to the compacted {@code edgeflow.map.tiles}, keyed by tile. */
    public static KafkaSink<Frame> mapTileSink(
            String bootstrapServers, String transactionalIdPrefix, KafkaClientConfig client) {
        return exactlyOnce(
                bootstrapServers,
                transactionalIdPrefix + "-map-tiles",
                new MapTileSerializer(Topics.MAP_TILES),
                client);
    }

    public static KafkaSink<DeadLetter> deadLetterSink(
            String bootstrapServers, String transactionalIdPrefix) {
        return deadLetterSink(bootstrapServers, transactionalIdPrefix, KafkaClientConfig.none());
    }

    public static KafkaSink<DeadLetter> deadLetterSink(
            String bootstrapServers, String transactionalIdPrefix, KafkaClientConfig client) {
        return exactlyOnce(
                bootstrapServers,
                transactionalIdPrefix + "-dlq",
                new DeadLetterSerializer(Topics.DLQ),
                client);
    }

    static <T> KafkaSink<T> exactlyOnce(
            String bootstrapServers,
            String transactionalIdPrefix,
            KafkaRecordSerializationSchema<T> serializer,
            KafkaClientConfig client) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(client.properties())
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty(
                        "transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .setProperty("compression.type", "zstd")
                .setProperty("max.request.size", String.valueOf(4 * 1024 * 1024))
                .build();
    }
}
