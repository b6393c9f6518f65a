package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.replay.FrameEncoder;
import io.edgeflow.agent.replay.LogSplitter;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.jobs.runtime.OutputReader;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.protocol.Topics;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenRecord;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.RejectedScanException;
import io.edgeflow.slam.operator.LocalSlamOperator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyed SLAM operator on a MiniCluster with RocksDB, fed a real log segment through a real
 * broker, gives the same poses as the engine run standalone on the same scans — also when the
 * TaskManager dies mid-stream and the engine is rebuilt from its checkpointed state.
 */
class LocalSlamJobTest {
    static final int RECORDS = 700; // ≈ 350 scans of the ACES log, a minute of robot time

    @TempDir static Path work;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.cluster(() -> flinkConfig());

    static Configuration flinkConfig() {
        return TestFlink.config(work);
    }

    @Test
    void slamInFlinkEqualsTheStandaloneEngineAcrossATaskManagerFailure(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        List<CarmenRecord> records = new ArrayList<>();
        try (CarmenLogReader r =
                CarmenLogReader.open(ProjectHome.data("laser/aces.clf.bz2"), w -> {})) {
            while (records.size() < RECORDS && r.hasNext()) {
                records.add(r.next());
            }
        }
        RobotLog robot = LogSplitter.split(records, 1, "aces-").get(0);
        FrameCodec codec = new FrameCodec();
        FrameEncoder encoder = new FrameEncoder(codec, robot.robotName());
        List<byte[]> frames = new ArrayList<>();
        for (CarmenRecord rec : robot.records()) {
            frames.add(encoder.encode(rec));
        }
        // One scan after the restart arrives without a single usable beam: a dead letter, not a
        // pose, and the robot's SLAM goes on.
        int unusableIndex = frames.size() * 3 / 4;
        while (!(((Frame) codec.decode(frames.get(unusableIndex))).message()
                instanceof LaserScan)) {
            unusableIndex++;
        }
        Frame original = (Frame) codec.decode(frames.get(unusableIndex));
        LaserScan s = (LaserScan) original.message();
        LaserScan unusable =
                new LaserScan(
                        s.seq(),
                        s.timestampMicros(),
                        s.angleMin(),
                        s.angleIncrement(),
                        s.rangeMin(),
                        s.rangeMax(),
                        s.sensorPose(),
                        s.odometryPose(),
                        new float[s.ranges().length]);
        frames.set(unusableIndex, codec.encode(original.nodeId(), unusable));
        int unusableIndexFinal = unusableIndex;

        // The standalone engine on exactly the scans the job will decode.
        LocalSlam standalone = new LocalSlam(LocalSlamConfig.defaults());
        Map<Long, Pose2> expected = new HashMap<>();
        for (byte[] f : frames) {
            if (((Frame) codec.decode(f)).message() instanceof LaserScan scan) {
                try {
                    expected.put(
                            scan.seq(),
                            standalone.addScan(LocalSlamOperator.toSlamScan(scan)).globalPose());
                } catch (RejectedScanException e) {
                    assertThat(scan.seq()).isEqualTo(unusable.seq());
                }
            }
        }

        try (KraftBroker broker = KraftBroker.start(work.resolve("kafka"), 0)) {
            broker.createTopics(LocalRuntime.TOPICS);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
            env.setParallelism(2);
            FrameIngestJob.forKafka(
                            broker.bootstrapServers(),
                            "slam-test",
                            FrameIngestJob.Settings.defaults())
                    .build(env);
            JobClient job = env.executeAsync("slam-test");
            try (FrameProducer producer =
                            new FrameProducer(broker.bootstrapServers(), Topics.FRAMES);
                    OutputReader out = new OutputReader(broker.bootstrapServers())) {
                int half = frames.size() / 2;
                for (byte[] f : frames.subList(0, half)) {
                    producer.send(robot.robotName(), f);
                }
                producer.flush();
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() > 20,
                                        Duration.ofMinutes(3),
                                        () -> {}))
                        .isTrue();
                cluster.terminateTaskManager(0).get();
                cluster.startTaskManager();
                for (byte[] f : frames.subList(half, frames.size())) {
                    producer.send(robot.robotName(), f);
                }
                producer.flush();
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() >= expected.size(),
                                        Duration.ofMinutes(5),
                                        () -> {}))
                        .isTrue();
                out.pollUntil(() -> false, Duration.ofSeconds(2), () -> {});

                assertThat(out.poses()).hasSize(expected.size());
                assertThat(expected).doesNotContainKey(unusable.seq());
                assertThat(out.deadLetters())
                        .singleElement()
                        .satisfies(
                                d -> {
                                    assertThat(d.reason()).isEqualTo("slam_no_valid_beams");
                                    assertThat(d.value()).isEqualTo(frames.get(unusableIndexFinal));
                                });
                for (RobotPose p : out.poses()) {
                    PoseEstimate e = p.estimate();
                    assertThat(p.nodeId()).isEqualTo(NodeId.of(robot.robotName()));
                    assertThat(e.source()).isEqualTo(PoseEstimate.Source.LOCAL_SLAM);
                    Pose2 want = expected.get(e.seq());
                    assertThat(want).as("seq %d is a scan", e.seq()).isNotNull();
                    assertThat(Math.hypot(e.pose().x() - want.x(), e.pose().y() - want.y()))
                            .as("position of scan %d", e.seq())
                            .isLessThan(1e-6);
                    assertThat(Math.abs(Pose2.normalizeAngle(e.pose().theta() - want.theta())))
                            .as("heading of scan %d", e.seq())
                            .isLessThan(1e-6);
                }
            } finally {
                job.cancel().get();
            }
        }
    }
}
