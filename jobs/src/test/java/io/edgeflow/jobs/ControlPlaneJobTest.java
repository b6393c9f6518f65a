package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeflow.agent.FrameProducer;
import io.edgeflow.control.health.HealthPolicy;
import io.edgeflow.control.health.HealthState;
import io.edgeflow.control.health.HealthTransition;
import io.edgeflow.control.scheduling.Assignment;
import io.edgeflow.control.scheduling.PriorityClass;
import io.edgeflow.control.scheduling.Task;
import io.edgeflow.jobs.control.NodeStatus;
import io.edgeflow.jobs.control.TaskWire;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.LinkStats;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane job on a Flink MiniCluster (RocksDB, checkpoints, exactly-once sinks, generic
 * types off) fed from a real KRaft broker; outputs read back with read_committed.
 *
 * <p>Heartbeat times are synthetic (a fixed base plus whole seconds), so every expected transition
 * time is exact. Each phase that depends on an earlier outcome is produced only after that outcome
 * is committed, so the assertions do not depend on how fast the job runs.
 */
class ControlPlaneJobTest {
    static final long BASE_MILLIS = 1_700_000_000_000L;
    static final long INTERVAL_MILLIS = 1_000;
    // suspect after 2.5 s of silence, down after 5 s, back UP after 3 on-time heartbeats
    static final HealthPolicy HEALTH = HealthPolicy.forHeartbeatInterval(INTERVAL_MILLIS);

    @TempDir static Path work;
    KraftBroker broker;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.cluster(() -> flinkConfig());

    /** As a cluster runs it (RocksDB, exactly-once checkpoints), with Kryo fallback forbidden. */
    static Configuration flinkConfig() {
        return TestFlink.config(work);
    }

    @BeforeEach
    void startBroker(TestInfo test) throws Exception {
        broker =
                KraftBroker.start(
                        work.resolve("kafka-" + test.getTestMethod().orElseThrow().getName()), 0);
        // One partition each: heartbeat time and task order are then the order the test
        // produces in (the job derives watermarks after decoding, across partitions).
        broker.createTopics(
                List.of(
                        new NewTopic(Topics.FRAMES, 1, (short) 1),
                        new NewTopic(Topics.TASKS, 1, (short) 1)));
        broker.createTopics(LocalRuntime.TOPICS);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void heartbeatsAndTheirAbsenceDriveUpDegradedDownAndRecoveryWithHysteresis() throws Exception {
        JobClient job = submit("health-test");
        try (FrameProducer frames = new FrameProducer(broker.bootstrapServers(), Topics.FRAMES);
                ControlOutput out = new ControlOutput(broker.bootstrapServers())) {
            // Phase 1: "steady" beats every second to t=20; "flaky" stops after t=5, "dying"
            // after t=10.
            for (int t = 0; t <= 20; t++) {
                send(frames, "steady", t);
                if (t <= 5) {
                    send(frames, "flaky", t);
                }
                if (t <= 10) {
                    send(frames, "dying", t);
                }
            }
            frames.flush();
            assertThat(
                            out.pollUntil(
                                    () ->
                                            out.transitionsOf("dying").size() >= 2
                                                    && out.transitionsOf("flaky").size() >= 2,
                                    Duration.ofMinutes(2)))
                    .as("flaky and dying detected DOWN")
                    .isTrue();
            // Phase 2: "flaky" comes back; "dying" stays silent.
            for (int t = 21; t <= 40; t++) {
                send(frames, "steady", t);
                send(frames, "flaky", t);
            }
            frames.flush();
            assertThat(
                            out.pollUntil(
                                    () -> out.transitionsOf("flaky").size() >= 4,
                                    Duration.ofMinutes(2)))
                    .isTrue();
            out.pollUntil(() -> false, Duration.ofSeconds(3)); // nothing else may appear

            assertThat(out.transitionsOf("steady")).isEmpty();
            assertThat(steps(out.transitionsOf("dying")))
                    .containsExactly("UP->DEGRADED@" + at(12_500), "DEGRADED->DOWN@" + at(15_000));
            // back from DOWN on probation (DEGRADED), UP only after three on-time heartbeats
            assertThat(steps(out.transitionsOf("flaky")))
                    .containsExactly(
                            "UP->DEGRADED@" + at(7_500),
                            "DEGRADED->DOWN@" + at(10_000),
                            "DOWN->DEGRADED@" + at(21_000),
                            "DEGRADED->UP@" + at(23_000));
            Map<String, NodeStatus> registry = out.latestNodes();
            assertThat(registry).containsOnlyKeys("steady", "flaky", "dying");
            assertThat(registry.get("steady").health()).isEqualTo(HealthState.UP);
            assertThat(registry.get("flaky").health()).isEqualTo(HealthState.UP);
            assertThat(registry.get("dying").health()).isEqualTo(HealthState.DOWN);
            assertThat(registry.get("dying").lastHeartbeatMillis()).isEqualTo(at(10_000));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void tasksOfANodeThatGoesDownAreReassignedExactlyOnceAcrossATaskManagerFailure(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        List<String> nodes = List.of("node-a", "node-b", "node-c");
        JobClient job = submit("failover-test");
        try (FrameProducer frames = new FrameProducer(broker.bootstrapServers(), Topics.FRAMES);
                KafkaProducer<String, String> tasks = taskProducer();
                ControlOutput out = new ControlOutput(broker.bootstrapServers())) {
            for (int t = 0; t <= 5; t++) {
                for (String n : nodes) {
                    send(frames, n, t);
                }
            }
            frames.flush();
            assertThat(
                            out.pollUntil(
                                    () -> out.latestNodes().keySet().containsAll(nodes),
                                    Duration.ofMinutes(2)))
                    .as("registry holds all nodes")
                    .isTrue();

            int taskCount = 12;
            for (int i = 0; i < taskCount; i++) {
                sendTask(tasks, task("task-" + i));
            }
            tasks.flush();
            assertThat(
                            out.pollUntil(
                                    () -> out.assignments().size() >= taskCount,
                                    Duration.ofMinutes(2)))
                    .isTrue();
            List<String> onC =
                    out.assignments().stream()
                            .filter(a -> a.nodeId().equals("node-c"))
                            .map(Assignment::taskId)
                            .toList();
            assertThat(onC).as("least-loaded spreads work to node-c too").hasSizeGreaterThan(1);

            // Complete one of node-c's tasks, then place a marker task: once the marker's
            // placement is committed, the completion before it is in a checkpoint.
            String completed = onC.get(0);
            tasks.send(
                    new ProducerRecord<>(Topics.TASKS, completed, TaskWire.completion(completed)));
            sendTask(tasks, task("marker"));
            tasks.flush();
            assertThat(
                            out.pollUntil(
                                    () -> out.assignments().size() >= taskCount + 1,
                                    Duration.ofMinutes(2)))
                    .isTrue();

            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();

            // node-c falls silent after t=5: DOWN at t=10 once the others' heartbeats pass it.
            for (int t = 6; t <= 20; t++) {
                send(frames, "node-a", t);
                send(frames, "node-b", t);
            }
            frames.flush();
            List<String> toMove = new ArrayList<>();
            out.assignments().stream()
                    .filter(a -> a.nodeId().equals("node-c") && !a.taskId().equals(completed))
                    .forEach(a -> toMove.add(a.taskId()));
            assertThat(
                            out.pollUntil(
                                    () -> reassigned(out).size() >= toMove.size(),
                                    Duration.ofMinutes(3)))
                    .as("node-c's open tasks reassigned")
                    .isTrue();
            out.pollUntil(() -> false, Duration.ofSeconds(3)); // nothing else may appear

            assertThat(steps(out.transitionsOf("node-c")))
                    .containsExactly("UP->DEGRADED@" + at(7_500), "DEGRADED->DOWN@" + at(10_000));
            Map<String, List<Assignment>> byTask =
                    out.assignments().stream().collect(Collectors.groupingBy(Assignment::taskId));
            assertThat(byTask).hasSize(taskCount + 1);
            for (Map.Entry<String, List<Assignment>> e : byTask.entrySet()) {
                List<Integer> attempts = e.getValue().stream().map(Assignment::attempt).toList();
                if (toMove.contains(e.getKey())) {
                    assertThat(attempts).as(e.getKey()).containsExactlyInAnyOrder(0, 1);
                    Assignment moved =
                            e.getValue().stream().filter(a -> a.attempt() == 1).findFirst().get();
                    assertThat(moved.nodeId()).isIn("node-a", "node-b");
                    assertThat(moved.assignedAtMillis()).isEqualTo(at(10_000));
                    // the target, in heartbeat time: node-c's last beat was at t=5, so its tasks
                    // moved within two heartbeat intervals plus the detection timeout of it
                    assertThat(moved.assignedAtMillis() - at(5 * INTERVAL_MILLIS))
                            .isLessThanOrEqualTo(2 * INTERVAL_MILLIS + HEALTH.downAfterMillis());
                } else {
                    assertThat(attempts).as(e.getKey()).containsExactly(0);
                }
            }
            assertThat(reassigned(out)).doesNotContain(completed);
        } finally {
            job.cancel().get();
        }
    }

    private static List<String> reassigned(ControlOutput out) {
        return out.assignments().stream()
                .filter(a -> a.attempt() == 1)
                .map(Assignment::taskId)
                .toList();
    }

    private JobClient submit(String group) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
        env.setParallelism(2);
        ControlPlaneJob.forKafka(
                        broker.bootstrapServers(),
                        group,
                        KafkaClientConfig.none(),
                        ControlPlaneJob.Settings.defaults()
                                .withHealth(HEALTH)
                                // wall-clock silence (a TaskManager restart) must not count
                                .withProcessingTimeFallback(false))
                .build(env);
        return env.executeAsync(ControlPlaneJob.NAME);
    }

    private static long at(long offsetMillis) {
        return BASE_MILLIS + offsetMillis;
    }

    private static List<String> steps(List<HealthTransition> ts) {
        return ts.stream().map(t -> t.from() + "->" + t.to() + "@" + t.atMillis()).toList();
    }

    private static final FrameCodec CODEC = new FrameCodec();

    private static void send(FrameProducer frames, String node, int second) {
        Heartbeat hb =
                new Heartbeat(
                        second,
                        at(second * INTERVAL_MILLIS) * 1_000,
                        node,
                        0.2f,
                        2L << 30,
                        8L << 30,
                        Heartbeat.NO_BATTERY,
                        12f,
                        List.of(new LinkStats("wlan0", true, 8f, 50e6, 0f)));
        frames.send(node, CODEC.encode(NodeId.of(node), hb));
    }

    private static Task task(String id) {
        return new Task(
                id,
                "detect",
                1,
                256,
                0,
                Set.of(),
                PriorityClass.NORMAL,
                at(6_000),
                60_000,
                500,
                0,
                Set.of());
    }

    private KafkaProducer<String, String> taskProducer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static void sendTask(KafkaProducer<String, String> producer, Task t) {
        producer.send(new ProducerRecord<>(Topics.TASKS, t.id(), TaskWire.encode(t)));
    }

    /** The control plane's committed output: registry, health transitions, assignments. */
    static final class ControlOutput implements AutoCloseable {
        private final ObjectMapper json = new ObjectMapper();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, NodeStatus> latestNodes = new LinkedHashMap<>();
        private final List<HealthTransition> transitions = new ArrayList<>();
        private final List<Assignment> assignments = new ArrayList<>();

        ControlOutput(String bootstrapServers) {
            consumer =
                    CommittedConsumer.fromStart(
                            bootstrapServers,
                            List.of(Topics.NODES, Topics.NODE_HEALTH, Topics.ASSIGNMENTS));
        }

        boolean pollUntil(BooleanSupplier done, Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    switch (r.topic()) {
                        case Topics.NODES -> {
                            NodeStatus s = json.readValue(r.value(), NodeStatus.class);
                            latestNodes.put(s.nodeId(), s);
                        }
                        case Topics.NODE_HEALTH ->
                                transitions.add(json.readValue(r.value(), HealthTransition.class));
                        default -> assignments.add(json.readValue(r.value(), Assignment.class));
                    }
                }
            }
            return done.getAsBoolean();
        }

        Map<String, NodeStatus> latestNodes() {
            return latestNodes;
        }

        List<HealthTransition> transitionsOf(String node) {
            return transitions.stream()
                    .filter(t -> t.nodeId().equals(node))
                    .sorted((a, b) -> Long.compare(a.atMillis(), b.atMillis()))
                    .toList();
        }

        List<Assignment> assignments() {
            return assignments;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
