package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.jobs.demo.CorruptFrames;
import io.edgeflow.jobs.demo.CorruptFrames.CorruptFrame;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.jobs.runtime.OutputReader;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Message;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame ingest job on a Flink MiniCluster (RocksDB, checkpoints, exactly-once Kafka sinks) fed
 * from a real KRaft broker that the test starts; outputs read back with read_committed.
 */
class FrameIngestJobTest {
    static final int MAX_PAYLOAD = 64 * 1024;
    static final String[] ROBOTS = {"robot-a", "robot-b", "robot-c"};

    @TempDir static Path work;
    KraftBroker broker;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.cluster(() -> flinkConfig());

    static Configuration flinkConfig() {
        return TestFlink.config(work);
    }

    /** A fresh broker per test: each test reads its topics from the beginning. */
    @BeforeEach
    void startBroker(TestInfo test) throws Exception {
        broker =
                KraftBroker.start(
                        work.resolve("kafka-" + test.getTestMethod().orElseThrow().getName()), 0);
        broker.createTopics(LocalRuntime.TOPICS);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void goodFramesBecomePosesAndEachCorruptFrameIsDeadLetteredWithItsReason() throws Exception {
        String topic = Topics.FRAMES;
        FrameCodec codec = new FrameCodec(MAX_PAYLOAD);
        List<CorruptFrame> corrupt = CorruptFrames.oneOfEach("robot-x", 0, MAX_PAYLOAD);
        int goodPerRobot = 40;
        try (FrameProducer producer = new FrameProducer(broker.bootstrapServers(), topic)) {
            for (int i = 0; i < goodPerRobot; i++) {
                for (String robot : ROBOTS) {
                    producer.send(robot, codec.encode(NodeId.of(robot), message(i)));
                }
                if (i % 5 == 0 && i / 5 < corrupt.size()) {
                    producer.send("robot-x", corrupt.get(i / 5).bytes());
                }
            }
            producer.flush();
        }
        int n = goodPerRobot * ROBOTS.length + corrupt.size();
        int k = corrupt.size();

        JobClient job = submit("ingest-test");
        try (OutputReader out = new OutputReader(broker.bootstrapServers())) {
            boolean done =
                    out.pollUntil(
                            () -> out.poses().size() >= n - k && out.deadLetters().size() >= k,
                            Duration.ofMinutes(2),
                            () -> {});
            assertThat(done).as("all output committed").isTrue();
            // Let a few more checkpoints commit: nothing else may appear.
            out.pollUntil(() -> false, Duration.ofSeconds(3), () -> {});

            assertThat(out.poses()).hasSize(n - k);
            assertThat(out.undecodablePoses()).isZero();
            assertThat(out.deadLetters()).hasSize(k);
            assertThat(out.deadLetters().stream().map(OutputReader.DeadLetterRecord::reason))
                    .containsExactlyInAnyOrderElementsOf(
                            corrupt.stream().map(c -> c.expected().label()).toList());
            // The original bytes travel unchanged, with their source position.
            for (OutputReader.DeadLetterRecord d : out.deadLetters()) {
                CorruptFrame origin =
                        corrupt.stream()
                                .filter(c -> c.expected().label().equals(d.reason()))
                                .findFirst()
                                .orElseThrow();
                assertThat(d.value()).isEqualTo(origin.bytes());
                assertThat(d.headers())
                        .containsEntry("edgeflow.dlq.topic", topic)
                        .containsKeys("edgeflow.dlq.partition", "edgeflow.dlq.offset");
            }
            // Each robot's trajectory starts at its own origin and follows its odometry.
            Map<Integer, List<RobotPose>> byRobot = out.posesByRobot();
            assertThat(byRobot)
                    .containsOnlyKeys(
                            Arrays.stream(ROBOTS).map(NodeId::of).toArray(Integer[]::new));
            for (List<RobotPose> poses : byRobot.values()) {
                RobotPose last =
                        poses.stream()
                                .max((a, b) -> Long.compare(a.estimate().seq(), b.estimate().seq()))
                                .orElseThrow();
                Pose2 expected = odometryAt(0).between(odometryAt(goodPerRobot - 1));
                assertThat(last.estimate().pose().x())
                        .isCloseTo(expected.x(), org.assertj.core.data.Offset.offset(1e-9));
                assertThat(last.estimate().pose().y())
                        .isCloseTo(expected.y(), org.assertj.core.data.Offset.offset(1e-9));
            }
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void afterATaskManagerDiesTheJobResumesFromItsCheckpointWithoutDuplicatesOrGaps(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String[] robots = {"fail-a", "fail-b"};
        int perRobot = 600;
        FrameCodec codec = new FrameCodec(MAX_PAYLOAD);
        JobClient job = submit("failover-test");
        try (FrameProducer producer = new FrameProducer(broker.bootstrapServers(), Topics.FRAMES);
                OutputReader out = new OutputReader(broker.bootstrapServers())) {
            for (int i = 0; i < perRobot / 2; i++) {
                for (String robot : robots) {
                    producer.send(robot, codec.encode(NodeId.of(robot), message(i)));
                }
            }
            producer.flush();
            // Some output committed means a checkpoint completed: fail after it.
            assertThat(
                            out.pollUntil(
                                    () -> countFor(out, robots) > 0,
                                    Duration.ofMinutes(2),
                                    () -> {}))
                    .isTrue();
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            for (int i = perRobot / 2; i < perRobot; i++) {
                for (String robot : robots) {
                    producer.send(robot, codec.encode(NodeId.of(robot), message(i)));
                }
            }
            producer.flush();
            assertThat(
                            out.pollUntil(
                                    () -> countFor(out, robots) >= robots.length * perRobot,
                                    Duration.ofMinutes(3),
                                    () -> {}))
                    .isTrue();
            out.pollUntil(() -> false, Duration.ofSeconds(3), () -> {});

            for (String robot : robots) {
                List<Long> seqs =
                        out.posesByRobot().get(NodeId.of(robot)).stream()
                                .map(p -> p.estimate().seq())
                                .sorted()
                                .collect(Collectors.toList());
                assertThat(seqs)
                        .as("committed poses of %s: every seq once", robot)
                        .containsExactlyElementsOf(LongStream.range(0, perRobot).boxed().toList());
            }
        } finally {
            job.cancel().get();
        }
    }

    private static long countFor(OutputReader out, String[] robots) {
        return Arrays.stream(robots)
                .mapToLong(r -> out.posesByRobot().getOrDefault(NodeId.of(r), List.of()).size())
                .sum();
    }

    private JobClient submit(String group) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
        env.setParallelism(2);
        FrameIngestJob.forKafka(
                        broker.bootstrapServers(),
                        group,
                        FrameIngestJob.Settings.defaults()
                                .withMaxPayloadBytes(MAX_PAYLOAD)
                                .withEstimator(FrameIngestJob.Estimator.DEAD_RECKONING))
                .build(env);
        return env.executeAsync(FrameIngestJob.NAME);
    }

    /** Frame i of a robot: scans and odometry alternating, driving along a gentle arc. */
    private static Message message(long i) {
        Pose2 odom = odometryAt(i);
        if (i % 2 == 0) {
            float[] ranges = new float[181];
            Arrays.fill(ranges, 3f);
            return new LaserScan(
                    i,
                    1_000_000 + i * 50_000,
                    (float) (-Math.PI / 2),
                    (float) (Math.PI / 180),
                    0.01f,
                    30f,
                    odom,
                    odom,
                    ranges);
        }
        return new Odometry(i, 1_000_000 + i * 50_000, odom, 0.5, 0.05);
    }

    private static Pose2 odometryAt(long i) {
        return new Pose2(10 + 0.05 * i, -3 + 0.01 * i, 0.3 + 0.005 * i);
    }
}
