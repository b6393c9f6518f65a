package io.edgeflow.jobs.map;

import io.edgeflow.protocol.DecodeError;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.PoseEstimate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads map tiles and poses from Kafka into a {@link MapStore} on its own thread: every partition
 * from the beginning (the tiles topic is compacted, so that is the whole current map; the poses
 * topic holds every trajectory), read_committed as the jobs write exactly once. Topics that do not
 * exist yet (no mapper has run) are looked for again every few seconds.
 */
public final class MapFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MapFeed.class);
    private static final long REDISCOVER_MILLIS = 3000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final MapStore store;
    private final String tilesTopic;
    private final String posesTopic;
    private final FrameCodec codec = new FrameCodec();
    private final Thread thread;
    private volatile boolean closed;

    public MapFeed(String bootstrapServers, String tilesTopic, String posesTopic, MapStore store) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "edgeflow-map");
        this.consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.store = store;
        this.tilesTopic = tilesTopic;
        this.posesTopic = posesTopic;
        this.thread = new Thread(this::run, "edgeflow-map-feed");
        this.thread.setDaemon(true);
    }

    public MapFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        List<TopicPartition> assigned = new ArrayList<>();
        long lastDiscovery = 0;
        try {
            while (!closed) {
                if (System.currentTimeMillis() - lastDiscovery > REDISCOVER_MILLIS) {
                    lastDiscovery = System.currentTimeMillis();
                    List<TopicPartition> found = partitions();
                    if (!found.equals(assigned)) {
                        List<TopicPartition> added = new ArrayList<>(found);
                        added.removeAll(assigned);
                        consumer.assign(found);
                        consumer.seekToBeginning(added);
                        assigned = found;
                        LOG.info("map feed reads {}", found);
                    }
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    accept(r);
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : List.of(tilesTopic, posesTopic)) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos != null) {
                infos.forEach(i -> out.add(new TopicPartition(topic, i.partition())));
            }
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        DecodeResult d = codec.decode(r.value());
        String problem;
        if (d instanceof Frame f) {
            if (r.topic().equals(tilesTopic) && f.message() instanceof MapTile t) {
                store.apply(t);
                return;
            }
            if (r.topic().equals(posesTopic) && f.message() instanceof PoseEstimate p) {
                store.addPose(f.nodeId(), p);
                return;
            }
            problem = "unexpected " + f.type() + " frame";
        } else {
            problem = ((DecodeError) d).toString();
        }
        store.rejected();
        LOG.warn("{}-{}@{}: skipped: {}", r.topic(), r.partition(), r.offset(), problem);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
