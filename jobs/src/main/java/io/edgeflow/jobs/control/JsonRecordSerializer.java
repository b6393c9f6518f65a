package io.edgeflow.jobs.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes control-plane records as JSON values under a UTF-8 string key. */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableFunction<T, String> key;
    private transient ObjectMapper json;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        if (json == null) {
            json = new ObjectMapper();
        }
        try {
            return new ProducerRecord<>(
                    topic,
                    null,
                    timestamp,
                    key.apply(element).getBytes(StandardCharsets.UTF_8),
                    json.writeValueAsBytes(element));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + element, e);
        }
    }
}
