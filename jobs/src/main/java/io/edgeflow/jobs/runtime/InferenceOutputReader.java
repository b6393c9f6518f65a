package io.edgeflow.jobs.runtime;

import io.edgeflow.operators.deadletter.DeadLetterSerializer;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.InferenceResult;
import io.edgeflow.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the inference job committed to edgeflow.inference.results and edgeflow.dlq, from the
 * beginning, with read_committed. Used by the demo, the bench and the tests.
 */
public final class InferenceOutputReader implements AutoCloseable {

    /** A dead letter as read back. */
    public record DeadLetterRecord(String reason, String detail, byte[] value) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FrameCodec codec = new FrameCodec();
    private final List<InferenceResult> results = new ArrayList<>();
    private final List<Long> receivedAtMicros = new ArrayList<>();
    private final List<DeadLetterRecord> deadLetters = new ArrayList<>();

    public InferenceOutputReader(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.INFERENCE_RESULTS, Topics.DLQ)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (r.topic().equals(Topics.INFERENCE_RESULTS)) {
                DecodeResult d = codec.decode(r.value());
                if (d instanceof Frame f && f.message() instanceof InferenceResult result) {
                    results.add(result);
                    receivedAtMicros.add(System.currentTimeMillis() * 1000);
                }
            } else {
                Map<String, String> headers = new HashMap<>();
                for (Header h : r.headers()) {
                    headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                }
                deadLetters.add(
                        new DeadLetterRecord(
                                headers.get(DeadLetterSerializer.HEADER_PREFIX + "reason"),
                                headers.get(DeadLetterSerializer.HEADER_PREFIX + "detail"),
                                r.value()));
            }
        }
    }

    /** Polls until the condition holds or the timeout passes; returns whether it held. */
    public boolean pollUntil(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            poll(Duration.ofMillis(200));
        }
        return true;
    }

    public List<InferenceResult> results() {
        return results;
    }

    public List<DeadLetterRecord> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
