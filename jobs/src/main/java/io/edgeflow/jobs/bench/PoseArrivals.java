package io.edgeflow.jobs.bench;

import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.PoseEstimate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When each scan's pose reaches Kafka: a read_uncommitted consumer sees the exactly-once sink's
 * records as soon as they are written (before the checkpoint commits them), so arrival minus the
 * scan's sensor time — the simulator stamps scans with the wall clock — is the scan→pose latency
 * through transport, the job and its sink. Only a robot's first pose for a newer scan counts (a
 * mapper re-emitting corrected poses of old scans is not new latency).
 */
public final class PoseArrivals implements AutoCloseable {
    /**
     * Of the scans sensed in a time window: how many have a pose, and its latency percentiles; and
     * how many poses arrived per second during the window (the processing rate).
     */
    public record Window(
            long poses,
            double arrivedPerSecond,
            double p50Millis,
            double p99Millis,
            double maxMillis) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final FrameCodec codec = new FrameCodec();
    private final Map<Integer, Long> newestSeq = new HashMap<>();
    private final Thread thread;
    private long[] sensedMicros = new long[1 << 16];
    private long[] latencyMicros = new long[1 << 16];
    private int count;
    private volatile boolean closed;

    public PoseArrivals(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        thread = new Thread(this::run, "pose-arrivals-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> parts = List.of();
            while (!closed && parts.isEmpty()) {
                List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
                if (infos == null) {
                    Thread.sleep(1000); // the topic appears when its first producer writes
                    continue;
                }
                parts = new ArrayList<>();
                for (PartitionInfo i : infos) {
                    parts.add(new TopicPartition(topic, i.partition()));
                }
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
            }
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis() * 1000;
                    DecodeResult d = codec.decode(r.value());
                    if (d instanceof Frame f && f.message() instanceof PoseEstimate e) {
                        Long newest = newestSeq.get(f.nodeId());
                        if (newest == null || e.seq() > newest) {
                            newestSeq.put(f.nodeId(), e.seq());
                            add(e.timestampMicros(), now - e.timestampMicros());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void add(long sensed, long latency) {
        if (count == sensedMicros.length) {
            sensedMicros = Arrays.copyOf(sensedMicros, count * 2);
            latencyMicros = Arrays.copyOf(latencyMicros, count * 2);
        }
        sensedMicros[count] = sensed;
        latencyMicros[count] = latency;
        count++;
    }

    /** Poses counted so far. */
    public synchronized int count() {
        return count;
    }

    /**
     * Scans sensed in [fromMicros, toMicros) (wall clock), of which {@code expected} were sent, and
     * the poses that arrived in that window. A scan without a pose counts as infinitely late: if
     * more than 1 % of them are missing, p99 is +∞ (the job did not keep up), not the p99 of the
     * lucky ones.
     */
    public synchronized Window window(long fromMicros, long toMicros, long expected) {
        long[] l = new long[count];
        int n = 0;
        long arrived = 0;
        for (int k = 0; k < count; k++) {
            if (sensedMicros[k] >= fromMicros && sensedMicros[k] < toMicros) {
                l[n++] = latencyMicros[k];
            }
            long at = sensedMicros[k] + latencyMicros[k];
            if (at >= fromMicros && at < toMicros) {
                arrived++;
            }
        }
        double perSecond = arrived / ((toMicros - fromMicros) / 1e6);
        Arrays.sort(l, 0, n);
        long total = Math.max(expected, n);
        return new Window(
                n,
                perSecond,
                percentile(l, n, total, 0.50),
                percentile(l, n, total, 0.99),
                n < total ? Double.POSITIVE_INFINITY : n == 0 ? Double.NaN : l[n - 1] / 1e3);
    }

    private static double percentile(long[] sorted, int n, long total, double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long index = (long) (q * (total - 1));
        return index < n ? sorted[(int) index] / 1e3 : Double.POSITIVE_INFINITY;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
