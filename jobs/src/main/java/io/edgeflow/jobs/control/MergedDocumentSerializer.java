package io.edgeflow.jobs.control;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes merged documents keyed by document key, so compaction keeps each key's latest state. */
public final class MergedDocumentSerializer
        implements KafkaRecordSerializationSchema<MergedDocument> {
    private final String topic;

    public MergedDocumentSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            MergedDocument element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                element.key().getBytes(StandardCharsets.UTF_8),
                element.document());
    }
}
