package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.replay.FrameEncoder;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.protocol.Topics;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.collab.CollaborativeLogRun;
import io.edgeflow.slam.collab.CrossRobotSearch;
import io.edgeflow.slam.collab.GlobalMapper;
import io.edgeflow.slam.operator.LocalSlamOperator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame ingest job with its global mapper on a MiniCluster with RocksDB, fed two robots through
 * a real broker, commits the same corrected poses and merged map tiles as the standalone run of the
 * same engines on the same scans — also when the TaskManager dies mid-stream. Robot a drives ACES'
 * first 600 scans (even ones), robot b the odd ones from scan 150 on, from unknown relative start
 * poses. Frames are stamped with robot time (as a replay of robots that start together would be),
 * the order the standalone run takes them in.
 */
class GlobalMapperJobTest {
    private static final String GROUP = "site-test";
    private static final CrossRobotSearch SEARCH =
            CrossRobotSearch.defaults().withMinMapOverlap(300);
    // robot time 0 is now: far older record times would fall to the topic's retention
    private static final long BASE_MILLIS = System.currentTimeMillis();

    @TempDir static Path work;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.cluster(() -> flinkConfig());

    static Configuration flinkConfig() {
        return TestFlink.config(work);
    }

    private record Robot(String name, List<byte[]> frames, List<Long> millis) {}

    private static final List<Robot> ROBOTS = new ArrayList<>();
    // per robot, the record time of the last frame sent
    private final Map<String, Long> lastSent = new HashMap<>();
    private static CollaborativeLogRun.Streamed expected;

    @BeforeAll
    static void framesAndTheStandaloneRun() throws Exception {
        List<CarmenLaser> scans = new ArrayList<>();
        try (CarmenLogReader r =
                CarmenLogReader.open(ProjectHome.data("laser/aces.clf.bz2"), w -> {})) {
            while (scans.size() < 600 && r.hasNext()) {
                if (r.next() instanceof CarmenLaser l) {
                    scans.add(l);
                }
            }
        }
        List<List<CarmenLaser>> split = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < scans.size(); i++) {
            if (i % 2 == 0) {
                split.get(0).add(scans.get(i));
            } else if (i >= 150) {
                split.get(1).add(scans.get(i));
            }
        }
        FrameCodec codec = new FrameCodec();
        List<CollaborativeLogRun.RobotScans> inputs = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            String name = "mapper-robot-" + (char) ('a' + r);
            FrameEncoder encoder = new FrameEncoder(codec, name);
            Robot robot = new Robot(name, new ArrayList<>(), new ArrayList<>());
            List<SlamScan> slamScans = new ArrayList<>();
            long[] seqs = new long[split.get(r).size()];
            double start = Double.NaN, last = Double.NEGATIVE_INFINITY;
            for (CarmenLaser l : split.get(r)) {
                byte[] f = encoder.encode(l);
                LaserScan scan = (LaserScan) ((Frame) codec.decode(f)).message();
                // what the job's SLAM operator takes: the decoded scan, re-timed if out of order
                SlamScan s = LocalSlamOperator.toSlamScan(scan);
                assertThat(s.time()).as("scans in time order").isGreaterThanOrEqualTo(last);
                last = s.time();
                if (Double.isNaN(start)) {
                    start = s.time();
                }
                seqs[slamScans.size()] = scan.seq();
                slamScans.add(s);
                robot.frames().add(f);
                robot.millis().add(CollaborativeLogRun.robotMillis(s.time(), start));
            }
            ROBOTS.add(robot);
            inputs.add(new CollaborativeLogRun.RobotScans(NodeId.of(name), slamScans, seqs));
        }
        long cpu0 =
                java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        expected =
                CollaborativeLogRun.stream(
                        inputs,
                        LocalSlamConfig.defaults(),
                        SEARCH,
                        GlobalMapper.Settings.defaults(GROUP),
                        false);
        assertThat(expected.mapper().joinTimes()).hasSize(2);
        System.out.printf(
                "standalone run: %.1f s thread CPU, %d updates, %d poses, %d tiles, join at robot"
                        + " time %s%n",
                (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                                - cpu0)
                        / 1e9,
                expected.updates().size(),
                expected.poses().size(),
                expected.tiles().size(),
                expected.mapper().joinTimes());
    }

    @Test
    void committedGlobalPosesAndTilesEqualTheStandaloneRun(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Output out = runJob(cluster, false);
        // every robot's committed poses are the standalone run's, in the same order
        Map<Integer, List<GlobalMapper.GlobalPose>> want = new TreeMap<>();
        for (GlobalMapper.GlobalPose p : expected.poses()) {
            want.computeIfAbsent(p.robot(), k -> new ArrayList<>()).add(p);
        }
        assertThat(out.poseRecords).isEqualTo(expected.poses().size());
        assertThat(want.keySet()).containsAll(out.poses.keySet());
        for (Map.Entry<Integer, List<PoseEstimate>> e : out.poses.entrySet()) {
            List<GlobalMapper.GlobalPose> w = want.get(e.getKey());
            assertThat(e.getValue().size()).isLessThanOrEqualTo(w.size());
            for (int i = 0; i < e.getValue().size(); i++) {
                PoseEstimate g = e.getValue().get(i);
                assertThat(g.source()).isEqualTo(PoseEstimate.Source.GLOBAL_MAP);
                assertThat(g.seq())
                        .as("pose %d of robot %x", i, e.getKey())
                        .isEqualTo(w.get(i).frameSeq());
                assertThat(distance(g.pose(), w.get(i).pose()))
                        .as("pose %d of robot %x", i, e.getKey())
                        .isLessThan(1e-6);
            }
        }
        assertSameTiles(out);
    }

    @Test
    void aTaskManagerFailureMidStreamLeavesTheSameTiles(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Output out = runJob(cluster, true);
        assertSameTiles(out);
    }

    /**
     * Every tile version the job committed is the standalone run's, cell by cell (within one
     * percent), and there are as many.
     */
    private static void assertSameTiles(Output out) {
        Map<String, List<MapTile>> want = new TreeMap<>();
        expected.tiles().forEach(t -> want.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t));
        assertThat(out.tileRecords).isEqualTo(expected.tiles().size());
        assertThat(want.keySet()).containsAll(out.tiles.keySet());
        for (Map.Entry<String, List<MapTile>> e : out.tiles.entrySet()) {
            List<MapTile> w = want.get(e.getKey());
            assertThat(e.getValue().size()).isLessThanOrEqualTo(w.size());
            for (int v = 0; v < e.getValue().size(); v++) {
                MapTile g = e.getValue().get(v);
                assertThat(g.seq()).as("version %d of %s", v, e.getKey()).isEqualTo(v);
                for (int i = 0; i < g.cells().length; i++) {
                    assertThat(Math.abs(g.cells()[i] - w.get(v).cells()[i]))
                            .as("tile %s v%d cell %d", e.getKey(), v, i)
                            .isLessThanOrEqualTo(1);
                }
            }
        }
    }

    private static double distance(Pose2 a, Pose2 b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y())
                + Math.abs(Pose2.normalizeAngle(a.theta() - b.theta()));
    }

    /** What the job committed: global poses (latest per robot and frame) and newest tiles. */
    private static final class Output {
        final Map<Integer, List<PoseEstimate>> poses = new TreeMap<>();
        final Map<String, List<MapTile>> tiles = new TreeMap<>();
        long poseRecords;
        long tileRecords;
        long localPoses;
        private final FrameCodec codec = new FrameCodec();

        void take(ConsumerRecord<byte[], byte[]> r) {
            if (r.topic().equals(Topics.POSES)) {
                localPoses++;
                return;
            }
            DecodeResult d = codec.decode(r.value());
            assertThat(d).as("a frame on %s", r.topic()).isInstanceOf(Frame.class);
            Frame f = (Frame) d;
            if (f.message() instanceof PoseEstimate e) {
                poses.computeIfAbsent(f.nodeId(), k -> new ArrayList<>()).add(e);
                poseRecords++;
            } else {
                MapTile t = (MapTile) f.message();
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(t.key());
                tiles.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t);
                tileRecords++;
            }
        }
    }

    private Output runJob(MiniCluster cluster, boolean killTaskManager) throws Exception {
        try (KraftBroker broker = KraftBroker.start(work.resolve("kafka-" + killTaskManager), 0)) {
            broker.createTopics(LocalRuntime.TOPICS);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
            env.setParallelism(2);
            FrameIngestJob.forKafka(
                            broker.bootstrapServers(),
                            "mapper-test-" + killTaskManager,
                            FrameIngestJob.Settings.defaults()
                                    .withMapGroup(GROUP)
                                    .withMapSearch(SEARCH))
                    .build(env);
            JobClient job = env.executeAsync("global-mapper-test");
            Output out = new Output();
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers());
                    KafkaConsumer<byte[], byte[]> consumer =
                            CommittedConsumer.fromStart(
                                    broker.bootstrapServers(),
                                    List.of(Topics.POSES_GLOBAL, Topics.MAP_TILES, Topics.POSES))) {
                long end =
                        ROBOTS.stream()
                                .mapToLong(r -> r.millis().get(r.millis().size() - 1))
                                .max()
                                .getAsLong();
                send(producer, Long.MIN_VALUE, end / 2);
                assertThat(pollUntil(producer, consumer, out, () -> out.poseRecords > 20, 3))
                        .isTrue();
                if (killTaskManager) {
                    cluster.terminateTaskManager(0).get();
                    cluster.startTaskManager();
                }
                send(producer, end / 2, Long.MAX_VALUE);
                // the watermark passes a robot's last frames when a later one arrives: a
                // heartbeat, as robots send them
                heartbeats(producer, end + 60_000);
                ROBOTS.forEach(r -> lastSent.put(r.name(), end + 60_000));
                long scans = ROBOTS.stream().mapToLong(r -> r.frames().size()).sum();
                // every scan's local pose, then the global output until it stops growing
                assertThat(pollUntil(producer, consumer, out, () -> out.localPoses >= scans, 4))
                        .isTrue();
                long seen = -1;
                while (seen != out.poseRecords + out.tileRecords
                        && out.poseRecords + out.tileRecords
                                < expected.poses().size() + expected.tiles().size()) {
                    seen = out.poseRecords + out.tileRecords;
                    pollUntil(producer, consumer, out, () -> false, 0.5);
                }
                System.out.printf(
                        "committed %d local poses, %d of %d global poses, %d of %d tiles%n",
                        out.localPoses,
                        out.poseRecords,
                        expected.poses().size(),
                        out.tileRecords,
                        expected.tiles().size());
            } finally {
                job.cancel().get();
            }
            return out;
        }
    }

    /**
     * The robots' frames of robot time [from, to) ms, in robot time order: a later batch never
     * holds a frame older than an earlier one, which the watermark could have passed.
     */
    private void send(KafkaProducer<byte[], byte[]> producer, long from, long to) {
        record Send(long millis, String name, byte[] frame) {}
        List<Send> sends = new ArrayList<>();
        for (Robot r : ROBOTS) {
            for (int i = 0; i < r.frames().size(); i++) {
                long t = r.millis().get(i);
                if (t >= from && t < to) {
                    sends.add(new Send(t, r.name(), r.frames().get(i)));
                }
            }
        }
        sends.sort(java.util.Comparator.comparingLong(Send::millis));
        for (Send s : sends) {
            lastSent.put(s.name(), s.millis());
            producer.send(
                    new ProducerRecord<>(
                            Topics.FRAMES,
                            null,
                            BASE_MILLIS + s.millis(),
                            s.name().getBytes(StandardCharsets.UTF_8),
                            s.frame()));
        }
        producer.flush();
    }

    /**
     * Every robot's heartbeat at record time {@code millis}, or, if null, at its last frame's: live
     * robots keep their partitions busy, which keeps the sources' idleness detection from taking
     * them for idle while they wait (the watermark does not advance from such heartbeats).
     */
    private void heartbeats(KafkaProducer<byte[], byte[]> producer, Long millis) {
        FrameCodec codec = new FrameCodec();
        for (Robot r : ROBOTS) {
            Long last = lastSent.get(r.name());
            if (last == null && millis == null) {
                continue;
            }
            long t = millis != null ? millis : last;
            Heartbeat beat =
                    new Heartbeat(
                            r.frames().size(),
                            (BASE_MILLIS + t) * 1000,
                            r.name(),
                            0,
                            0,
                            1,
                            -1,
                            0,
                            List.of());
            producer.send(
                    new ProducerRecord<>(
                            Topics.FRAMES,
                            null,
                            BASE_MILLIS + t,
                            r.name().getBytes(StandardCharsets.UTF_8),
                            codec.encode(NodeId.of(r.name()), beat)));
        }
        producer.flush();
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private boolean pollUntil(
            KafkaProducer<byte[], byte[]> producer,
            KafkaConsumer<byte[], byte[]> consumer,
            Output out,
            BooleanSupplier done,
            double minutes) {
        long deadline = System.nanoTime() + (long) (minutes * 60e9);
        long nextBeat = System.nanoTime();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextBeat) {
                heartbeats(producer, null);
                nextBeat = System.nanoTime() + 1_000_000_000L;
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                out.take(r);
            }
        }
        return done.getAsBoolean();
    }
}
