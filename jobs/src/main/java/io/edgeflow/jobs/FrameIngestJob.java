package io.edgeflow.jobs;

import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.ingest.DecodeFrames;
import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.operators.trajectory.DeadReckoning;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.KeyRing;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.collab.CrossRobotSearch;
import io.edgeflow.slam.operator.GlobalMapperOperator;
import io.edgeflow.slam.operator.LocalSlamOperator;
import io.edgeflow.state.FrameTypeInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The frame ingest job: frames → decode and verify (bad ones to the dead-letter queue with their
 * reason) → keyed by robot → per-robot pose estimation (local SLAM, or dead reckoning) → poses. It
 * takes its source and sinks, so {@link #main} wires Kafka and tests wire whatever they need
 * (flink-training style).
 *
 * <p>Operator uids are part of the savepoint format: never change one.
 */
public final class FrameIngestJob {
    public static final String NAME = "edgeflow frame ingest";

    public static final String UID_SOURCE = "frames-source";
    public static final String UID_DECODE = "decode-frames";
    public static final String UID_TRAJECTORY = "robot-trajectory";
    public static final String UID_LOCAL_SLAM = "local-slam";
    public static final String UID_POSES_SINK = "poses-sink";
    public static final String UID_DLQ_SINK = "dlq-sink";
    public static final String UID_GLOBAL_MAPPER = "global-mapper";
    public static final String UID_GLOBAL_POSES_SINK = "global-poses-sink";
    public static final String UID_MAP_TILES_SINK = "map-tiles-sink";

    /** The map group of every robot unless configured otherwise. */
    public static final String DEFAULT_MAP_GROUP = "fleet";

    /** How the job turns a robot's frames into poses. */
    public enum Estimator {
        /** Odometry relative to the robot's first pose: one pose per scan and odometry frame. */
        DEAD_RECKONING,
        /** Scan matching against submaps with loop closure: one pose per laser scan. */
        LOCAL_SLAM
    }

    /**
     * What the job does with the frames it reads.
     *
     * @param keyRing keys of the nodes that encrypt their payloads (see docs/edge-agent.md), or
     *     null to dead-letter encrypted frames
     * @param mapGroup the map group all robots' local SLAM feeds (its global mapper merges their
     *     maps), or null for none; only with {@link Estimator#LOCAL_SLAM}
     * @param mapSearch how the global mapper searches, screens and joins robots' maps
     */
    public record Settings(
            int maxPayloadBytes,
            Estimator estimator,
            KeyRing keyRing,
            String mapGroup,
            CrossRobotSearch mapSearch) {
        public static Settings defaults() {
            return new Settings(
                    FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES,
                    Estimator.LOCAL_SLAM,
                    null,
                    DEFAULT_MAP_GROUP,
                    CrossRobotSearch.defaults());
        }

        public Settings withMaxPayloadBytes(int bytes) {
            return new Settings(bytes, estimator, keyRing, mapGroup, mapSearch);
        }

        public Settings withEstimator(Estimator e) {
            return new Settings(maxPayloadBytes, e, keyRing, mapGroup, mapSearch);
        }

        public Settings withKeyRing(KeyRing ring) {
            return new Settings(maxPayloadBytes, estimator, ring, mapGroup, mapSearch);
        }

        public Settings withMapGroup(String group) {
            return new Settings(maxPayloadBytes, estimator, keyRing, group, mapSearch);
        }

        public Settings withMapSearch(CrossRobotSearch search) {
            return new Settings(maxPayloadBytes, estimator, keyRing, mapGroup, search);
        }

        boolean globalMapping() {
            return estimator == Estimator.LOCAL_SLAM && mapGroup != null;
        }
    }

    private final Source<RawFrame, ?, ?> frames;
    private final Sink<RobotPose> poses;
    private final Sink<DeadLetter> deadLetters;
    private final Sink<RobotPose> globalPoses;
    private final Sink<Frame> mapTiles;
    private final Settings settings;

    /**
     * @param globalPoses corrected poses of the map group (unused without global mapping)
     * @param mapTiles MAP_TILE frames of the merged map (unused without global mapping)
     */
    public FrameIngestJob(
            Source<RawFrame, ?, ?> frames,
            Sink<RobotPose> poses,
            Sink<DeadLetter> deadLetters,
            Sink<RobotPose> globalPoses,
            Sink<Frame> mapTiles,
            Settings settings) {
        this.frames = frames;
        this.poses = poses;
        this.deadLetters = deadLetters;
        this.globalPoses = globalPoses;
        this.mapTiles = mapTiles;
        this.settings = settings;
    }

    /** Adds the job's topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        WatermarkStrategy<RawFrame> watermarks =
                WatermarkStrategy.<RawFrame>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                        .withTimestampAssigner((raw, ts) -> raw.timestamp())
                        .withIdleness(Duration.ofSeconds(10));
        DataStream<RawFrame> raw =
                env.fromSource(frames, watermarks, "Kafka frames").uid(UID_SOURCE);

        SingleOutputStreamOperator<Frame> decoded =
                raw.process(
                                new DecodeFrames(settings.maxPayloadBytes(), settings.keyRing()),
                                FrameTypeInfo.INSTANCE)
                        .name("Decode and verify frames")
                        .uid(UID_DECODE);

        KeyedStream<Frame, Integer> byRobot = decoded.keyBy(Frame::nodeId);
        SingleOutputStreamOperator<RobotPose> robotPoses =
                switch (settings.estimator()) {
                    case DEAD_RECKONING ->
                            byRobot.process(new DeadReckoning())
                                    .name("Robot trajectory (dead reckoning)")
                                    .uid(UID_TRAJECTORY);
                    case LOCAL_SLAM ->
                            byRobot.transform(
                                            "Local SLAM (scan matching, submaps)",
                                            TypeInformation.of(RobotPose.class),
                                            new LocalSlamOperator(LocalSlamConfig.defaults()))
                                    .uid(UID_LOCAL_SLAM);
                };
        robotPoses.sinkTo(poses).name("Poses to Kafka").uid(UID_POSES_SINK);

        DataStream<DeadLetter> rejected = decoded.getSideOutput(DecodeFrames.DEAD_LETTERS);
        if (settings.estimator() == Estimator.LOCAL_SLAM) {
            rejected = rejected.union(robotPoses.getSideOutput(LocalSlamOperator.DEAD_LETTERS));
        }
        if (settings.globalMapping()) {
            String group = settings.mapGroup();
            SingleOutputStreamOperator<RobotPose> corrected =
                    robotPoses
                            .getSideOutput(LocalSlamOperator.ROBOT_UPDATES)
                            .keyBy(update -> group, Types.STRING)
                            .transform(
                                    "Global mapper (map group " + group + ")",
                                    TypeInformation.of(RobotPose.class),
                                    new GlobalMapperOperator(
                                            LocalSlamConfig.defaults(), settings.mapSearch()))
                            .uid(UID_GLOBAL_MAPPER);
            corrected.sinkTo(globalPoses).name("Global poses to Kafka").uid(UID_GLOBAL_POSES_SINK);
            corrected
                    .getSideOutput(GlobalMapperOperator.TILES)
                    .sinkTo(mapTiles)
                    .name("Map tiles to Kafka")
                    .uid(UID_MAP_TILES_SINK);
            rejected = rejected.union(corrected.getSideOutput(GlobalMapperOperator.DEAD_LETTERS));
        }
        rejected.sinkTo(deadLetters).name("Dead letters to Kafka").uid(UID_DLQ_SINK);
    }

    /**
     * Entry point on a Flink cluster: {@code --bootstrap-servers HOST:PORT [--group-id ID]
     * [--max-payload-bytes N] [--estimator local_slam|dead_reckoning] [--map-group NAME|none]
     * [--key-ring FILE] [--kafka-client-config FILE]} (a properties file of client settings such as
     * SASL_SSL). State backend, checkpointing and restarts come from the cluster's configuration
     * (flink-conf/config.yaml).
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        String bootstrap = params.getRequired("bootstrap-servers");
        String group = params.get("group-id", "edgeflow-frame-ingest");
        Settings settings =
                Settings.defaults()
                        .withMaxPayloadBytes(
                                params.getInt(
                                        "max-payload-bytes", FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES))
                        .withEstimator(
                                Estimator.valueOf(
                                        params.get("estimator", Estimator.LOCAL_SLAM.name())
                                                .toUpperCase(Locale.ROOT)));
        String mapGroup = params.get("map-group", DEFAULT_MAP_GROUP);
        settings = settings.withMapGroup(mapGroup.equals("none") ? null : mapGroup);
        if (params.has("key-ring")) {
            settings = settings.withKeyRing(KeyRing.load(Path.of(params.get("key-ring"))));
        }
        KafkaClientConfig client = KafkaClientConfig.fromOption(params.get("kafka-client-config"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(bootstrap, group, client, settings).build(env);
        env.execute(NAME + " (" + settings.estimator().name().toLowerCase(Locale.ROOT) + ")");
    }

    public static FrameIngestJob forKafka(
            String bootstrapServers, String groupId, Settings settings) {
        return forKafka(bootstrapServers, groupId, KafkaClientConfig.none(), settings);
    }

    public static FrameIngestJob forKafka(
            String bootstrapServers, String groupId, KafkaClientConfig client, Settings settings) {
        return new FrameIngestJob(
                KafkaEndpoints.frameSource(bootstrapServers, groupId, client),
                KafkaEndpoints.poseSink(bootstrapServers, groupId, client),
                KafkaEndpoints.deadLetterSink(bootstrapServers, groupId, client),
                KafkaEndpoints.globalPoseSink(bootstrapServers, groupId, client),
                KafkaEndpoints.mapTileSink(bootstrapServers, groupId, client),
                settings);
    }
}
