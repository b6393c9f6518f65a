package io.edgeflow.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends encoded frames to Kafka keyed by node name: idempotent, acks=all, zstd-compressed batches,
 * so a retry never duplicates a frame and per-node order holds. Counts what the broker
 * acknowledged; the first send failure is kept and rethrown by {@link #flush()}.
 */
public final class FrameProducer implements FrameSink, AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public FrameProducer(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "edgeflow-agent");
        // A maximal frame (1 MiB payload by default) must fit in one request.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 * 1024 * 1024));
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void send(String nodeName, byte[] frame) {
        Exception f = failure.get();
        if (f != null) {
            throw new IllegalStateException("an earlier send failed", f);
        }
        sent.incrementAndGet();
        bytes.addAndGet(frame.length);
        producer.send(
                new ProducerRecord<>(topic, nodeName.getBytes(StandardCharsets.UTF_8), frame),
                (metadata, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    /** Blocks until every frame sent so far is acknowledged; throws if any failed. */
    @Override
    public void flush() {
        producer.flush();
        Exception f = failure.get();
        if (f != null) {
            throw new IllegalStateException("sending frames to " + topic + " failed", f);
        }
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acked.get();
    }

    @Override
    public long bytesSent() {
        return bytes.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
