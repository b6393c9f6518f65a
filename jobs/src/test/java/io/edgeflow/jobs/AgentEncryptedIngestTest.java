package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.source.AgentConfig;
import io.edgeflow.agent.source.EdgeAgent;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.jobs.runtime.OutputReader;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.FrameCipher;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.KeyRing;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Message;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32C;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted frames from the edge agent through the real frame ingest job on a MiniCluster: frames
 * sealed by the agent (with a key rotation mid-stream) become poses; a tampered frame and a frame
 * under the wrong key are dead-lettered as {@code auth_failed}, a flipped byte without a repaired
 * CRC as {@code crc_mismatch}, and none of them touches the robots' state.
 */
class AgentEncryptedIngestTest {
    static final int MAX_PAYLOAD = 64 * 1024;
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir static Path work;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.cluster(() -> flinkConfig());

    /**
     * RocksDB state, fast checkpoints (outputs commit with them), everything under {@link #work}.
     */
    static Configuration flinkConfig() {
        return TestFlink.config(work);
    }

    static byte[] key(int seed) {
        byte[] k = new byte[32];
        new java.util.Random(seed).nextBytes(k);
        return k;
    }

    static String keyLine(String node, int id, byte[] key) {
        return node + " " + id + " " + Base64.getEncoder().encodeToString(key) + "\n";
    }

    @Test
    void sealedFramesFlowThroughRotationAndTamperedOrWrongKeyFramesAreDeadLetteredAsAuthFailed()
            throws Exception {
        byte[] r1k1 = key(1);
        byte[] r1k2 = key(2);
        byte[] r2k1 = key(3);
        KeyRing ring =
                KeyRing.empty()
                        .with(NodeId.of("robot-1"), 1, r1k1)
                        .with(NodeId.of("robot-1"), 2, r1k2)
                        .with(NodeId.of("robot-2"), 1, r2k1);
        Path keys = work.resolve("agent.keys");
        Files.writeString(keys, keyLine("robot-1", 1, r1k1) + keyLine("robot-2", 1, r2k1));
        int perRobot = 60;
        try (KraftBroker broker = KraftBroker.start(work.resolve("kafka"), 0)) {
            broker.createTopics(LocalRuntime.TOPICS);
            EdgeAgent agent =
                    EdgeAgent.start(
                            AgentConfig.parse(
                                    "gw-1",
                                    Map.of(
                                            "outbox.dir", work.resolve("outbox").toString(),
                                            "nodes", "robot-1,robot-2",
                                            "channel.main.bootstrap", broker.bootstrapServers(),
                                            "crypto.keys", keys.toString(),
                                            "heartbeat.interval.ms", "0"),
                                    work));
            FrameCodec codec = new FrameCodec(MAX_PAYLOAD);
            try (agent) {
                for (int half = 0; half < 2; half++) {
                    List<byte[]> frames = new ArrayList<>();
                    for (int i = half * perRobot / 2; i < (half + 1) * perRobot / 2; i++) {
                        frames.add(codec.encode(NodeId.of("robot-1"), message(i)));
                        frames.add(codec.encode(NodeId.of("robot-2"), message(i)));
                    }
                    agent.intake().submit(frames, MessageClass.LATENCY);
                    if (half == 0) {
                        // Rotation: the ring already has key 2; the agent picks it up from its
                        // file.
                        Thread.sleep(1100);
                        Files.writeString(
                                keys, keyLine("robot-1", 2, r1k2), StandardOpenOption.APPEND);
                        Thread.sleep(2500);
                    }
                }
                assertThat(agent.awaitDrained(Duration.ofSeconds(60))).isTrue();
            }

            // An attacker's frames, straight into Kafka.
            byte[] genuine =
                    FrameCipher.seal(
                            codec.encode(NodeId.of("robot-1"), message(500)), 2, r1k2, RANDOM);
            byte[] tampered = genuine.clone();
            tampered[tampered.length - 20] ^= 0x04;
            repairCrc(tampered);
            byte[] wrongKey =
                    FrameCipher.seal(
                            codec.encode(NodeId.of("robot-2"), message(501)), 1, r1k1, RANDOM);
            byte[] flippedNoCrc = genuine.clone();
            flippedNoCrc[FrameCodec.HEADER_BYTES + 30] ^= 0x01;
            try (FrameProducer producer =
                    new FrameProducer(broker.bootstrapServers(), Topics.FRAMES)) {
                producer.send("robot-1", tampered);
                producer.send("robot-2", wrongKey);
                producer.send("robot-1", flippedNoCrc);
                producer.flush();
            }

            // Both of robot-1's keys were used: the rotation happened mid-stream.
            assertThat(keyIdsInKafka(broker.bootstrapServers(), NodeId.of("robot-1")))
                    .contains(1, 2);

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
            env.setParallelism(2);
            FrameIngestJob.forKafka(
                            broker.bootstrapServers(),
                            "encrypted-ingest",
                            FrameIngestJob.Settings.defaults()
                                    .withMaxPayloadBytes(MAX_PAYLOAD)
                                    .withEstimator(FrameIngestJob.Estimator.DEAD_RECKONING)
                                    .withKeyRing(ring))
                    .build(env);
            JobClient job = env.executeAsync(FrameIngestJob.NAME);
            try (OutputReader out = new OutputReader(broker.bootstrapServers())) {
                int good = 2 * perRobot;
                assertThat(
                                out.pollUntil(
                                        () ->
                                                out.poses().size() >= good
                                                        && out.deadLetters().size() >= 3,
                                        Duration.ofMinutes(2),
                                        () -> {}))
                        .isTrue();
                out.pollUntil(() -> false, Duration.ofSeconds(3), () -> {});
                assertThat(out.poses()).hasSize(good);
                assertThat(out.deadLetters().stream().map(OutputReader.DeadLetterRecord::reason))
                        .containsExactlyInAnyOrder("auth_failed", "auth_failed", "crc_mismatch");
                for (String robot : List.of("robot-1", "robot-2")) {
                    List<RobotPose> poses = out.posesByRobot().get(NodeId.of(robot));
                    assertThat(poses.stream().map(p -> p.estimate().seq()).sorted().toList())
                            .as(
                                    "every sealed frame of %s decoded once; the forged ones not at all",
                                    robot)
                            .containsExactlyElementsOf(
                                    java.util.stream.LongStream.range(0, perRobot)
                                            .boxed()
                                            .toList());
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    private static java.util.Set<Integer> keyIdsInKafka(String bootstrap, int nodeId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    c.partitionsFor(Topics.FRAMES).stream()
                            .map(i -> new TopicPartition(Topics.FRAMES, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            for (int i = 0; i < 10; i++) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                    byte[] v = r.value();
                    int node =
                            (v[8] & 0xff)
                                    | (v[9] & 0xff) << 8
                                    | (v[10] & 0xff) << 16
                                    | (v[11] & 0xff) << 24;
                    if (node == nodeId) {
                        FrameCipher.keyId(v).ifPresent(ids::add);
                    }
                }
            }
        }
        return ids;
    }

    /** What a forger does after flipping a byte: recompute the (unkeyed) CRC32C. */
    private static void repairCrc(byte[] frame) {
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, 12);
        crc.update(frame, FrameCodec.HEADER_BYTES, frame.length - FrameCodec.HEADER_BYTES);
        int v = (int) crc.getValue();
        frame[12] = (byte) v;
        frame[13] = (byte) (v >>> 8);
        frame[14] = (byte) (v >>> 16);
        frame[15] = (byte) (v >>> 24);
    }

    static Message message(long i) {
        Pose2 odom = new Pose2(1 + 0.05 * i, 0.01 * i, 0.002 * i);
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
}
