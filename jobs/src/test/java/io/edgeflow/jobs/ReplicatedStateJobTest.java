package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.SyncUpdateMessage;
import io.edgeflow.protocol.Topics;
import io.edgeflow.state.sync.CrdtType;
import io.edgeflow.state.sync.DocumentMerger;
import io.edgeflow.state.sync.DocumentState;
import io.edgeflow.state.sync.DocumentStateCodec;
import io.edgeflow.state.sync.MergeStrategy;
import io.edgeflow.state.sync.MergeStrategyRegistry;
import io.edgeflow.state.sync.SyncMessages;
import io.edgeflow.state.sync.SyncReplica;
import io.edgeflow.state.sync.SyncUpdate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicated-state job on a MiniCluster (RocksDB, checkpoints, exactly-once sinks) fed from a
 * real KRaft broker. Four nodes edit shared documents under every strategy while syncing only now
 * and then; their updates reach the broker shuffled, some twice, some held back until after the
 * job's TaskManager was killed and the job restarted from its last checkpoint. The compacted
 * topic's final state must be what a replica computes by merging the acknowledged updates in plain
 * Java, and lose no acknowledged update a strategy does not supersede.
 */
class ReplicatedStateJobTest {

    @TempDir static Path work;
    KraftBroker broker;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.cluster(() -> TestFlink.config(work));

    static final List<String> NODES = List.of("rover-1", "rover-2", "drone-1", "gateway-1");
    static final List<String> KEYS =
            List.of(
                    "mission/7",
                    "annotation/dock",
                    "priority/7",
                    "counter/visits",
                    "tags/area-3",
                    "config/rover");

    /** What nodes and job agree on; the custom rule keeps the highest priority among siblings. */
    static MergeStrategyRegistry strategies() {
        return new MergeStrategyRegistry(new MergeStrategy.LastWriterWins())
                .register("annotation/", new MergeStrategy.MultiValue(2))
                .register(
                        "priority/",
                        new MergeStrategy.Custom(
                                "max-int",
                                siblings ->
                                        bytesOf(
                                                siblings.stream()
                                                        .mapToInt(s -> intOf(s.value()))
                                                        .max()
                                                        .orElseThrow())))
                .register("counter/", new MergeStrategy.CrdtMerge(CrdtType.COUNTER))
                .register("tags/", new MergeStrategy.CrdtMerge(CrdtType.OR_SET))
                .register("config/", new MergeStrategy.CrdtMerge(CrdtType.LWW_MAP));
    }

    static byte[] bytesOf(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static int intOf(byte[] b) {
        return ByteBuffer.wrap(b).getInt();
    }

    @BeforeEach
    void startBroker() throws Exception {
        broker = KraftBroker.start(work.resolve("kafka"), 0);
        broker.createTopics(
                List.of(
                        new NewTopic(Topics.SYNC_UPDATES, 3, (short) 1),
                        new NewTopic(Topics.SYNC_STATE, 2, (short) 1)
                                .configs(Map.of("cleanup.policy", "compact")),
                        new NewTopic(Topics.DLQ, 1, (short) 1)));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void theCompactedStateIsWhatEveryReplicaConvergesToAcrossARestart(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Random rnd = new Random(20261129);
        List<SyncUpdate> history = writeHistory(rnd, 240);
        MergeStrategyRegistry registry = strategies();

        // the wire: every update once, a third of them twice, shuffled; a fifth held back
        List<SyncUpdate> wire = new ArrayList<>(history);
        for (SyncUpdate u : history) {
            if (rnd.nextInt(3) == 0) {
                wire.add(u);
            }
        }
        Collections.shuffle(wire, rnd);
        List<SyncUpdate> delayed = new ArrayList<>();
        List<SyncUpdate> early = new ArrayList<>();
        for (SyncUpdate u : wire) {
            (rnd.nextInt(5) == 0 ? delayed : early).add(u);
        }
        int half = early.size() / 2;

        JobClient job = submit();
        try (KafkaProducer<byte[], byte[]> producer = producer();
                SyncOutput out = new SyncOutput(broker.bootstrapServers())) {
            // phase 1, then wait until its merge is committed, so the restart comes mid-stream
            List<SyncUpdate> phase1 = early.subList(0, half);
            send(producer, phase1, registry);
            Map<String, DocumentState> afterPhase1 = mergeInOrder(phase1, registry);
            assertThat(out.pollUntil(() -> out.matches(afterPhase1), Duration.ofMinutes(3)))
                    .as("phase 1 merged and committed")
                    .isTrue();

            // part of phase 2 in flight, then the TaskManager dies: restart from a checkpoint
            List<SyncUpdate> phase2 = early.subList(half, early.size());
            send(producer, phase2.subList(0, phase2.size() / 2), registry);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            send(producer, phase2.subList(phase2.size() / 2, phase2.size()), registry);

            // the held-back updates arrive last, with a corrupt frame and a wrong strategy
            send(producer, delayed, registry);
            byte[] corrupt = frame(history.get(0), registry);
            corrupt[corrupt.length - 1] ^= 0x40;
            producer.send(new ProducerRecord<>(Topics.SYNC_UPDATES, key("mission/7"), corrupt));
            SyncUpdate mislabelled =
                    history.stream().filter(u -> u.key().equals("mission/7")).findFirst().get();
            producer.send(
                    new ProducerRecord<>(
                            Topics.SYNC_UPDATES,
                            key(mislabelled.key()),
                            new FrameCodec()
                                    .encode(
                                            NodeId.of(mislabelled.nodeId()),
                                            SyncMessages.toMessage(
                                                    mislabelled, "crdt-counter", 0))));
            producer.flush();

            // what any replica converges to: every acknowledged update merged in plain Java,
            // once in history order and once in another order with duplicates
            Map<String, DocumentState> expected = mergeInOrder(history, registry);
            assertThat(mergeInOrder(wire, registry)).isEqualTo(expected);
            assertThat(
                            out.pollUntil(
                                    () -> out.matches(expected) && out.deadLetters.size() >= 2,
                                    Duration.ofMinutes(4)))
                    .as("final state published: %s", out.latest.keySet())
                    .isTrue();

            for (String key : KEYS) {
                DocumentStateCodec.Published published = out.latest.get(key);
                assertThat(published.state()).as(key).isEqualTo(expected.get(key));
                assertThat(published.strategy()).isEqualTo(registry.strategyFor(key).name());
            }
            for (SyncUpdate u : history) {
                assertNotLost(u, out.latest.get(u.key()).state(), registry);
            }
            assertThat(out.deadLetters.values())
                    .containsExactlyInAnyOrder("crc_mismatch", "strategy_mismatch");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Four nodes with skewed clocks write to every key and now and then read back a random part of
     * what has been written, so histories hold both causal chains and concurrent siblings.
     */
    private static List<SyncUpdate> writeHistory(Random rnd, int operations) {
        DocumentMerger merger = new DocumentMerger(strategies());
        Map<String, SyncReplica> replicas = new TreeMap<>();
        Map<String, Long> skew = new HashMap<>();
        for (String n : NODES) {
            replicas.put(n, new SyncReplica(n, merger));
            skew.put(n, (long) (rnd.nextGaussian() * 600_000));
        }
        List<SyncUpdate> written = new ArrayList<>();
        long time = 1_700_000_000_000L;
        for (int op = 0; op < operations; op++) {
            time += rnd.nextInt(5) == 0 ? rnd.nextInt(3_600_000) : rnd.nextInt(100);
            String node = NODES.get(rnd.nextInt(NODES.size()));
            SyncReplica r = replicas.get(node);
            long wall = time + skew.get(node);
            if (rnd.nextInt(6) == 0) {
                for (SyncUpdate u : written) {
                    if (rnd.nextInt(3) == 0) {
                        r.receive(u, wall);
                    }
                }
                continue;
            }
            String key = KEYS.get(rnd.nextInt(KEYS.size()));
            SyncUpdate u =
                    switch (key) {
                        case "counter/visits" -> r.addToCounter(key, rnd.nextInt(9) - 3, wall);
                        case "tags/area-3" ->
                                rnd.nextBoolean()
                                        ? r.addToSet(key, "tag" + rnd.nextInt(4), wall)
                                        : r.removeFromSet(key, "tag" + rnd.nextInt(4), wall);
                        case "config/rover" ->
                                rnd.nextInt(4) == 0
                                        ? r.removeField(key, "f" + rnd.nextInt(3), wall)
                                        : r.putField(
                                                key,
                                                "f" + rnd.nextInt(3),
                                                bytesOf(rnd.nextInt(100)),
                                                wall);
                        default -> r.write(key, bytesOf(rnd.nextInt(100)), wall);
                    };
            written.add(u);
        }
        return written;
    }

    private static Map<String, DocumentState> mergeInOrder(
            List<SyncUpdate> updates, MergeStrategyRegistry registry) {
        DocumentMerger merger = new DocumentMerger(registry);
        Map<String, DocumentState> states = new TreeMap<>();
        for (SyncUpdate u : updates) {
            states.put(
                    u.key(),
                    merger.apply(states.getOrDefault(u.key(), DocumentState.empty(u.key())), u));
        }
        return states;
    }

    /**
     * Checked against the update itself, not the merger: the state has seen it, and it is still
     * retained unless its strategy supersedes it (a causal successor, or a newer stamp under LWW) —
     * for a CRDT, merging it again changes nothing.
     */
    private static void assertNotLost(
            SyncUpdate u, DocumentState state, MergeStrategyRegistry registry) {
        assertThat(state.context().covers(u.dot())).as("%s seen", u).isTrue();
        MergeStrategy strategy = registry.strategyFor(u.key());
        if (strategy instanceof MergeStrategy.CrdtMerge crdt) {
            DocumentState again = new DocumentMerger(registry).apply(state, u);
            assertThat(again.value()).as("%s included", u).isEqualTo(state.value());
            return;
        }
        boolean retained = state.retained().contains(u);
        boolean superseded =
                state.retained().stream()
                        .anyMatch(r -> !r.equals(u) && r.version().descends(u.version()));
        if (strategy instanceof MergeStrategy.LastWriterWins) {
            // the newest stamp wins; multi-value and custom keys keep every concurrent sibling
            superseded |= state.retained().get(0).stamp().compareTo(u.stamp()) >= 0;
        }
        assertThat(retained || superseded).as("%s kept or superseded", u).isTrue();
    }

    private JobClient submit() throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TestFlink.config(work));
        env.setParallelism(2);
        ReplicatedStateJob.forKafka(
                        broker.bootstrapServers(),
                        "sync-test",
                        KafkaClientConfig.none(),
                        ReplicatedStateJobTest::strategies,
                        null)
                .build(env);
        return env.executeAsync(ReplicatedStateJob.NAME);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for the broker's acknowledgements: from then on the updates count. */
    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            List<SyncUpdate> updates,
            MergeStrategyRegistry registry) {
        for (SyncUpdate u : updates) {
            producer.send(
                    new ProducerRecord<>(Topics.SYNC_UPDATES, key(u.key()), frame(u, registry)));
        }
        producer.flush();
    }

    private static byte[] frame(SyncUpdate u, MergeStrategyRegistry registry) {
        SyncUpdateMessage m =
                SyncMessages.toMessage(
                        u, registry.strategyFor(u.key()).name(), u.version().get(u.nodeId()));
        return new FrameCodec().encode(NodeId.of(u.nodeId()), m);
    }

    private static byte[] key(String documentKey) {
        return documentKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The committed output: each key's latest published document, and dead letters by reason. */
    static final class SyncOutput implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        final Map<String, DocumentStateCodec.Published> latest = new TreeMap<>();
        final Map<Long, String> deadLetters = new TreeMap<>();

        SyncOutput(String bootstrapServers) {
            consumer =
                    CommittedConsumer.fromStart(
                            bootstrapServers, List.of(Topics.SYNC_STATE, Topics.DLQ));
        }

        boolean matches(Map<String, DocumentState> expected) {
            if (!latest.keySet().equals(expected.keySet())) {
                return false;
            }
            for (Map.Entry<String, DocumentState> e : expected.entrySet()) {
                if (!latest.get(e.getKey()).state().equals(e.getValue())) {
                    return false;
                }
            }
            return true;
        }

        boolean pollUntil(BooleanSupplier done, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.topic().equals(Topics.SYNC_STATE)) {
                        DocumentStateCodec.Published doc = DocumentStateCodec.decode(r.value());
                        assertThat(doc.state().key())
                                .isEqualTo(new String(r.key(), StandardCharsets.UTF_8));
                        latest.put(doc.state().key(), doc);
                    } else {
                        Header reason = r.headers().lastHeader("edgeflow.dlq.reason");
                        deadLetters.put(
                                r.offset(), new String(reason.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            return done.getAsBoolean();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
