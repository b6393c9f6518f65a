package io.edgeflow.agent.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against a real broker: what lands on edgeflow.frames is what a fleet would send.
 */
class FleetSimulatorTest {
    @TempDir Path work;

    @Test
    void eachRobotSendsOdometryAndScansAtTheRateKeyedByItsName() throws Exception {
        OccupancyMap room = Rooms.withBlock(Rooms.box(10, 6, 0.05), 4, 2, 5, 3);
        FleetSimulator sim = new FleetSimulator(room, FleetSimulator.Settings.defaults(3, 10));
        Map<String, List<Frame>> byKey = new HashMap<>();
        try (KraftBroker broker = KraftBroker.start(work.resolve("kafka"), 0)) {
            broker.createTopics(List.of(new NewTopic(Topics.FRAMES, 4, (short) 1)));
            FleetSimulator.Result result;
            try (FrameProducer producer =
                    new FrameProducer(broker.bootstrapServers(), Topics.FRAMES)) {
                result = sim.run(producer, Duration.ofSeconds(2));
            }
            assertEquals(60, result.scans());
            assertEquals(120, result.frames());
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            FrameCodec codec = new FrameCodec();
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(
                            p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    parts.add(new TopicPartition(Topics.FRAMES, i));
                }
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                int records = 0;
                while (records < 120 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        records++;
                        DecodeResult d = codec.decode(r.value());
                        assertTrue(d instanceof Frame, "undecodable frame: " + d);
                        byKey.computeIfAbsent(
                                        new String(r.key(), StandardCharsets.UTF_8),
                                        k -> new ArrayList<>())
                                .add((Frame) d);
                    }
                }
            }
        }
        assertEquals(List.of("sim-1", "sim-2", "sim-3"), byKey.keySet().stream().sorted().toList());
        for (var e : byKey.entrySet()) {
            List<Frame> frames = e.getValue();
            assertEquals(40, frames.size(), e.getKey());
            long lastMicros = 0;
            for (int k = 0; k < frames.size(); k++) {
                Frame f = frames.get(k);
                assertEquals(NodeId.of(e.getKey()), f.nodeId());
                assertEquals(k, f.message().seq(), "one counter across both kinds, in order");
                assertTrue(f.message().invalidReason() == null);
                if (k % 2 == 0) {
                    Odometry o = (Odometry) f.message();
                    assertTrue(o.timestampMicros() > lastMicros);
                    if (k > 0) {
                        // 10 Hz: each robot's frames 100 ms apart in sensor time
                        assertEquals(100_000, o.timestampMicros() - lastMicros, 1);
                    }
                    lastMicros = o.timestampMicros();
                } else {
                    LaserScan s = (LaserScan) f.message();
                    assertEquals(180, s.ranges().length);
                    assertEquals(lastMicros, s.timestampMicros());
                    assertEquals(((Odometry) frames.get(k - 1).message()).pose(), s.odometryPose());
                    long returns = 0;
                    for (float r : s.ranges()) {
                        returns += Float.isFinite(r) ? 1 : 0;
                    }
                    // walls all around within 12 m: every beam returns
                    assertEquals(180, returns);
                }
            }
            // every robot starts at its own origin
            Pose2 first = ((Odometry) frames.get(0).message()).pose();
            assertTrue(Math.hypot(first.x(), first.y()) < 0.06, "first odometry " + first);
        }
    }

    @Test
    void aScanSeesTheRoomFromTheRobotsTruePose() {
        OccupancyMap room = Rooms.box(10, 6, 0.05);
        FleetSimulator sim = new FleetSimulator(room, FleetSimulator.Settings.defaults(1, 10));
        FrameCodec codec = new FrameCodec();
        for (int t = 0; t < 50; t++) {
            List<byte[]> frames = sim.tick(0, 0.1, t * 100_000L);
            LaserScan s = (LaserScan) ((Frame) codec.decode(frames.get(1))).message();
            Pose2 truth = sim.robots().get(0).truth();
            // the beam straight ahead ends on the wall the robot faces
            int ahead = 90;
            double a = truth.theta() + s.angleMin() + ahead * s.angleIncrement();
            double dx = Math.cos(a);
            double dy = Math.sin(a);
            double tx = dx > 0 ? (10 - truth.x()) / dx : -truth.x() / dx;
            double ty = dy > 0 ? (6 - truth.y()) / dy : -truth.y() / dy;
            double expected = Math.min(tx, ty);
            // within five standard deviations of the range noise
            assertEquals(expected, s.ranges()[ahead], 5 * (0.01 + 0.005 * expected), "at " + truth);
        }
    }
}
