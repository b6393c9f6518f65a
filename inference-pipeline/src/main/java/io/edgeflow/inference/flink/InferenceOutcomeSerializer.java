package io.edgeflow.inference.flink;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes INFERENCE_RESULT frames keyed like their requests (node name), so a robot's results stay
 * in order per partition.
 */
public final class InferenceOutcomeSerializer
        implements KafkaRecordSerializationSchema<InferenceOutcome> {
    private final String topic;

    public InferenceOutcomeSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            InferenceOutcome outcome, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, outcome.key(), outcome.resultFrame());
    }
}
