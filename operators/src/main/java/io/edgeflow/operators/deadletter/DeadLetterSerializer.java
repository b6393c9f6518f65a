package io.edgeflow.operators.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes dead letters the way Kafka Connect's dead-letter queues do: the original key and value
 * unchanged, the context in headers ({@code edgeflow.dlq.reason}, {@code .detail}, {@code .topic},
 * {@code .partition}, {@code .offset}, {@code .failed_at_ms}).
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    public static final String HEADER_PREFIX = "edgeflow.dlq.";

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter d, KafkaSinkContext context, Long timestamp) {
        List<Header> headers =
                List.of(
                        header("reason", d.reason()),
                        header("detail", d.detail()),
                        header("topic", d.sourceTopic()),
                        header("partition", Integer.toString(d.sourcePartition())),
                        header("offset", Long.toString(d.sourceOffset())),
                        header("failed_at_ms", Long.toString(d.failedAtMillis())));
        return new ProducerRecord<>(topic, null, d.failedAtMillis(), d.key(), d.value(), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }
}
