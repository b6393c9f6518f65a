package io.edgeflow.operators.mapping;

import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.MapTile;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes MAP_TILE frames keyed by {@link MapTile#key()}, so the compacted tiles topic keeps each
 * tile's newest version; the frame keeps its compression (the mapper sends tiles DEFLATEd).
 */
public final class MapTileSerializer implements KafkaRecordSerializationSchema<Frame> {
    private final String topic;
    private transient FrameCodec codec;

    public MapTileSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            Frame f, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = new FrameCodec();
        }
        MapTile tile = (MapTile) f.message();
        byte[] key = tile.key().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, key, codec.encode(f.nodeId(), tile, f.compression()));
    }
}
