package io.edgeflow.agent.reliability;

import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.KeyRing;
import io.edgeflow.protocol.MessageType;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What Kafka holds: a read_committed consumer over every partition of the topic, frames decoded
 * (and verified, with the ring) and kept per node in the order Kafka stores them.
 */
final class DeliveredFrames implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FrameCodec codec;
    private final Map<Integer, List<Long>> seqsByNode = new HashMap<>();
    private final Map<Integer, List<Long>> heartbeatsByNode = new HashMap<>();
    private long undecodable;
    private long records;

    DeliveredFrames(String bootstrap, String topic, KeyRing ring) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts =
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(i -> new TopicPartition(topic, i.partition()))
                        .toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        codec = new FrameCodec(FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES, ring);
    }

    /** Polls until {@code done} holds (true) or the timeout passes (false). */
    boolean pollUntil(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                records++;
                DecodeResult d = codec.decode(r.value());
                if (d instanceof Frame f) {
                    Map<Integer, List<Long>> target =
                            f.type() == MessageType.HEARTBEAT ? heartbeatsByNode : seqsByNode;
                    target.computeIfAbsent(f.nodeId(), k -> new ArrayList<>())
                            .add(f.message().seq());
                } else {
                    undecodable++;
                }
            }
        }
        return true;
    }

    /** Reads on for a while, so that anything late (a duplicate) would show up too. */
    void settle(Duration d) {
        pollUntil(() -> false, d);
    }

    List<Long> seqs(int nodeId) {
        return seqsByNode.getOrDefault(nodeId, List.of());
    }

    List<Long> heartbeats(int nodeId) {
        return heartbeatsByNode.getOrDefault(nodeId, List.of());
    }

    long frames() {
        return seqsByNode.values().stream().mapToLong(List::size).sum();
    }

    long undecodable() {
        return undecodable;
    }

    long records() {
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
