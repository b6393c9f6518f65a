package io.edgeflow.agent.channel;

import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.Outbox;
import io.edgeflow.agent.outbox.OutboxEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one message class from the outbox to Kafka, exactly once, over whichever channel the
 * selector picks. Each batch is one Kafka transaction that also commits the outbox position (the
 * next outbox sequence number) as the offset of a per-outbox consumer group; only after the commit
 * are the frames deleted from the outbox. After any failure, a restart or a channel switch, the
 * lane opens a producer with the same transactional id — which fences the previous one and finishes
 * or aborts its open transaction — then reads the committed position and deletes what Kafka already
 * has. So a frame is never lost (it stays until committed) and never written twice (a commit whose
 * answer was lost is found through the position).
 */
public final class DeliveryLane implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLane.class);

    /** The topic whose partition 0 carries the agents' delivery positions as group offsets. */
    public static final String POSITIONS_TOPIC = io.edgeflow.protocol.Topics.AGENT_POSITIONS;

    private static final TopicPartition POSITION = new TopicPartition(POSITIONS_TOPIC, 0);

    /** Sizes of one delivery transaction. */
    public record BatchLimits(int maxFrames, long maxBytes) {
        public static final BatchLimits DEFAULT = new BatchLimits(2000, 4L << 20);
    }

    private final Outbox outbox;
    private final ChannelSelector selector;
    private final MessageClass messageClass;
    private final String topic;
    private final String kafkaCompression;
    private final BatchLimits limits;
    private final String transactionalId;
    private final String positionGroup;

    private volatile boolean running = true;
    private volatile Channel current;

    /** The channel being connected to, until the connection is ready and it becomes current. */
    private Channel connecting;

    private volatile KafkaProducer<byte[], byte[]> producer;
    private long switches;

    /**
     * @param kafkaCompression Kafka's codec for this class: none, gzip, snappy, lz4 or zstd
     */
    public DeliveryLane(
            Outbox outbox,
            ChannelSelector selector,
            MessageClass messageClass,
            String nodeName,
            String topic,
            String kafkaCompression,
            BatchLimits limits) {
        this.outbox = outbox;
        this.selector = selector;
        this.messageClass = messageClass;
        this.topic = topic;
        this.kafkaCompression = kafkaCompression;
        this.limits = limits;
        String id =
                "edgeflow-agent." + nodeName + "." + outbox.outboxId() + "." + messageClass.label();
        this.transactionalId = id;
        this.positionGroup = id;
    }

    public MessageClass messageClass() {
        return messageClass;
    }

    /** The channel this class travels over now, or null while none is usable. */
    public Channel currentChannel() {
        return current;
    }

    public long channelSwitches() {
        return switches;
    }

    @Override
    public void run() {
        while (running) {
            try {
                Channel choice = selector.select(messageClass, current).orElse(null);
                if (choice == null) {
                    closeProducer();
                    Thread.sleep(100);
                    continue;
                }
                if (choice != current || producer == null) {
                    connect(choice);
                }
                List<OutboxEntry> batch =
                        outbox.takeInflight(
                                messageClass, limits.maxFrames(), limits.maxBytes(), 100);
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (KafkaException | IOException | ExecutionException | TimeoutException e) {
                if (!running) {
                    break;
                }
                Channel failed = connecting != null ? connecting : current;
                connecting = null;
                LOG.warn(
                        "{} lane: delivery over {} failed, will reconnect: {}",
                        messageClass.label(),
                        failed == null ? "-" : failed.name(),
                        e.toString());
                if (failed != null) {
                    failed.reportFailure();
                }
                closeProducer();
                outbox.releaseInflight(messageClass);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } catch (IllegalStateException e) {
                if (!running) {
                    break; // the outbox closed under us at shutdown
                }
                throw e;
            }
        }
        closeProducer();
    }

    /** Opens a fenced transactional producer on {@code channel} and catches up with Kafka. */
    private void connect(Channel channel)
            throws IOException, ExecutionException, InterruptedException, TimeoutException {
        closeProducer();
        outbox.releaseInflight(messageClass);
        connecting = channel;
        // Tuning a channel may override (its kafka.* settings go over these)...
        Properties p = new Properties();
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        // The broker answers CONCURRENT_TRANSACTIONS while the previous commit completes: retry
        // soon.
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
        p.putAll(channel.kafkaProperties());
        // ...and what it may not (ChannelConfig.OWNED_BY_AGENT).
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, kafkaCompression);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "6500");
        // An agent that vanishes mid-transaction blocks read_committed readers until this passes.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId + "." + channel.name());
        long start = System.nanoTime();
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        long position = committedPosition(channel);
        if (current != null && current != channel) {
            switches++;
            channel.countFailover();
            LOG.info("{} lane: {} -> {}", messageClass.label(), current.name(), channel.name());
        }
        current = channel;
        connecting = null;
        LOG.info(
                "{} lane: connected over {} in {} ms, Kafka has the outbox through {}",
                messageClass.label(),
                channel.name(),
                (System.nanoTime() - start) / 1_000_000,
                position - 1);
        if (position > 0) {
            long caughtUp = outbox.deliveredThrough(messageClass, position - 1);
            if (caughtUp > 0) {
                LOG.info(
                        "{} lane: {} frames were already committed in Kafka",
                        messageClass.label(),
                        caughtUp);
            }
        }
    }

    /** The outbox position committed with the last transaction, or 0 if none. */
    private long committedPosition(Channel channel)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(channel.kafkaProperties())) {
            try {
                admin.createTopics(
                                List.of(
                                        new NewTopic(
                                                POSITIONS_TOPIC,
                                                java.util.Optional.of(1),
                                                java.util.Optional.empty())))
                        .all()
                        .get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(
                                    positionGroup,
                                    new ListConsumerGroupOffsetsOptions()
                                            .requireStable(true)
                                            .timeoutMs(15_000))
                            .partitionsToOffsetAndMetadata()
                            .get(16, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(POSITION);
            return o == null ? 0 : o.offset();
        }
    }

    private void deliver(List<OutboxEntry> batch) throws IOException {
        long start = System.nanoTime();
        long bytes = 0;
        producer.beginTransaction();
        for (OutboxEntry e : batch) {
            producer.send(new ProducerRecord<>(topic, e.key(), e.frame()));
            bytes += e.frame().length;
        }
        long last = batch.get(batch.size() - 1).seq();
        producer.sendOffsetsToTransaction(
                Map.of(POSITION, new OffsetAndMetadata(last + 1)),
                new ConsumerGroupMetadata(positionGroup));
        producer.commitTransaction();
        outbox.deliveredThrough(messageClass, last);
        current.reportDelivered(batch.size(), bytes, System.nanoTime() - start);
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.debug("closing producer", e);
            }
            producer = null;
        }
    }

    /**
     * Kafka's average compressed/uncompressed size ratio of this lane's record batches, from its
     * current producer (NaN when none has sent yet).
     */
    public double kafkaCompressionRate() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            return Double.NaN;
        }
        return p.metrics().entrySet().stream()
                .filter(
                        e ->
                                e.getKey().name().equals("compression-rate-avg")
                                        && e.getKey().group().equals("producer-metrics"))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst()
                .orElse(Double.NaN);
    }

    /** Asks the lane to finish its current batch and stop. */
    public void stop() {
        running = false;
    }
}
