package io.edgeflow.operators.trajectory;

import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.NodeId;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes poses as POSE_ESTIMATE frames keyed by the node id in hex (one partition per robot). */
public final class RobotPoseSerializer implements KafkaRecordSerializationSchema<RobotPose> {
    private final String topic;
    private transient FrameCodec codec;

    public RobotPoseSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            RobotPose p, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = new FrameCodec();
        }
        byte[] key = NodeId.hex(p.nodeId()).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, key, codec.encode(p.nodeId(), p.estimate()));
    }
}
