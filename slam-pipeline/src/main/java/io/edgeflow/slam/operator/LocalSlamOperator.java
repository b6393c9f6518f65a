package io.edgeflow.slam.operator;

import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.protocol.Topics;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.LocalSlamState;
import io.edgeflow.slam.RejectedScanException;
import io.edgeflow.slam.ScanPose;
import io.edgeflow.slam.ScanResult;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.TrajectoryNode;
import io.edgeflow.slam.collab.RobotUpdate;
import io.edgeflow.slam.collab.RobotUpdateCodec;
import io.edgeflow.slam.collab.RobotUpdates;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.mapping2d.SubmapState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Local SLAM for every robot of this subtask, keyed by node id: each LASER_SCAN is matched and
 * inserted by the robot's {@link LocalSlam} engine, and the scan's pose is emitted.
 *
 * <p>State (format version {@value SlamStateCodec#VERSION}) lives in RocksDB in four parts:
 * finished submaps and trajectory nodes in map state, written once when they appear; constraints
 * and scan poses in list state, the ones added since the last checkpoint appended at each; the
 * working set (active submaps, node and submap poses, pending work) in a value rewritten only at
 * checkpoints — all three only for robots that changed since the last one. Engines stay in memory
 * between scans (a write-behind cache), and are rebuilt from state after a restore — or on another
 * subtask after rescaling.
 *
 * <p>A scan the engine rejects (e.g. not one usable beam) goes to {@link #DEAD_LETTERS} with the
 * engine's reason prefixed {@code slam_}; the robot's SLAM goes on with the next scan.
 */
public final class LocalSlamOperator extends AbstractStreamOperator<RobotPose>
        implements OneInputStreamOperator<Frame, RobotPose> {

    /**
     * Rejected scans. Past decoding the Kafka position is gone: the dead letter carries the frame
     * re-encoded (same node, message and compression; unencrypted), partition and offset -1.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("slam-dead-letters", TypeInformation.of(DeadLetter.class));

    /**
     * What each robot's map group needs of its map ({@link RobotUpdate}s, encoded by {@link
     * RobotUpdateCodec}: nodes, finished submaps, moved poses — no scans), with the scan's record
     * time, for {@link GlobalMapperOperator}.
     */
    public static final OutputTag<byte[]> ROBOT_UPDATES =
            new OutputTag<>("robot-updates", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private static final FrameCodec CODEC = new FrameCodec();

    private static final PrimitiveArrayTypeInfo<byte[]> BYTES =
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(LocalSlamOperator.class);

    private final LocalSlamConfig config;

    private transient Map<Integer, LocalSlam> engines;
    private transient Map<Integer, RobotUpdates> senders;
    private transient Counter robotUpdateBytes;
    private transient Counter robotUpdates;
    private transient ExecutorService loopClosureSearches;
    private transient Set<Integer> dirty;
    // Per robot: how many of its engine's constraints and scan poses the list states hold.
    private transient Map<Integer, int[]> persisted;
    private transient ListState<byte[]> constraints;
    private transient ListState<byte[]> scanPoses;
    private transient ValueState<byte[]> workingSet;
    private transient ValueState<Long> lastSeq;
    private transient ValueState<Long> lastScanMicros;
    private transient Counter reorderedScans;
    private transient Counter rejectedScans;
    private transient MapState<Integer, byte[]> finishedSubmaps;
    private transient MapState<Integer, byte[]> nodes;
    private transient Counter scans;
    private transient Counter duplicates;
    private transient Counter loopClosures;
    private transient Counter submapsFinished;
    private transient Histogram scanMicros;
    private transient Histogram scanToPoseMillis;

    /** Samples the latency histograms keep: a 10× replay of 4 robots is ≈ 200 scans/s. */
    private static final int HISTOGRAM_WINDOW = 1 << 15;

    public LocalSlamOperator(LocalSlamConfig config) {
        this.config = config;
    }

    @Override
    public void open() throws Exception {
        super.open();
        engines = new HashMap<>();
        senders = new HashMap<>();
        // One thread per subtask searches for all its robots, off the per-scan path; the engines
        // take the closures at a fixed later node, so poses do not depend on its speed.
        loopClosureSearches =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t =
                                    new Thread(
                                            r,
                                            "slam-loop-closure-"
                                                    + getRuntimeContext()
                                                            .getTaskInfo()
                                                            .getIndexOfThisSubtask());
                            t.setDaemon(true);
                            return t;
                        });
        dirty = new HashSet<>();
        persisted = new HashMap<>();
        // State names are part of the savepoint format: the codec reads older versions in them.
        String v = "-v1";
        workingSet = getPartitionedState(new ValueStateDescriptor<>("slam-working-set" + v, BYTES));
        lastSeq = getPartitionedState(new ValueStateDescriptor<>("slam-last-seq" + v, Types.LONG));
        lastScanMicros =
                getPartitionedState(
                        new ValueStateDescriptor<>("slam-last-scan-us" + v, Types.LONG));
        finishedSubmaps =
                getPartitionedState(
                        new MapStateDescriptor<>("slam-finished-submaps" + v, Types.INT, BYTES));
        nodes = getPartitionedState(new MapStateDescriptor<>("slam-nodes" + v, Types.INT, BYTES));
        constraints = getPartitionedState(new ListStateDescriptor<>("slam-constraints-v4", BYTES));
        scanPoses = getPartitionedState(new ListStateDescriptor<>("slam-scan-poses-v4", BYTES));
        var group = getMetricGroup().addGroup("edgeflow").addGroup("slam");
        scans = group.counter("scans");
        duplicates = group.counter("duplicateScans");
        reorderedScans = group.counter("reorderedScans");
        rejectedScans = group.counter("rejectedScans");
        loopClosures = group.counter("loopClosures");
        submapsFinished = group.counter("submapsFinished");
        robotUpdateBytes = group.counter("robotUpdateBytes");
        robotUpdates = group.counter("robotUpdatesSent");
        scanMicros =
                group.histogram(
                        "scanProcessingMicros",
                        new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        // From the frame's Kafka timestamp (stamped by the producer as it sends; clocks of edge
        // and cluster must agree) to the scan's pose leaving this operator: transport, decoding,
        // queueing behind other robots' scans, and SLAM itself. Consumers see the pose when the
        // next checkpoint commits the exactly-once sink's transaction.
        scanToPoseMillis =
                group.histogram(
                        "scanToPoseLatencyMillis",
                        new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    @Override
    public void processElement(StreamRecord<Frame> record) throws Exception {
        Frame frame = record.getValue();
        if (!(frame.message() instanceof LaserScan scan)) {
            return; // scans carry their odometry pose; other frames are not SLAM input
        }
        Long last = lastSeq.value();
        if (last != null && scan.seq() <= last) {
            duplicates.inc();
            return;
        }
        lastSeq.update(scan.seq());
        long start = System.nanoTime();
        int key = (Integer) getCurrentKey();
        LocalSlam slam = engines.get(key);
        if (slam == null) {
            slam = restore();
            engines.put(key, slam);
            senders.put(
                    key,
                    slam.nodes().isEmpty()
                            ? RobotUpdates.start(frame.nodeId())
                            : RobotUpdates.resume(frame.nodeId(), slam));
        }
        SlamScan input = toSlamScan(scan);
        Long lastMicros = lastScanMicros.value();
        if (lastMicros != null && scan.timestampMicros() < lastMicros) {
            // Sensor clocks jitter: CARMEN logs hold scans stamped tens of ms before their
            // predecessor. The engine needs time order; the pose comes from odometry and matching,
            // so the scan is taken at the previous scan's time.
            reorderedScans.inc();
            input =
                    new SlamScan(
                            lastMicros / 1e6,
                            input.angleMin(),
                            input.angleIncrement(),
                            input.sensorMaxRange(),
                            input.ranges(),
                            input.sensorOffset(),
                            input.odometry());
        } else {
            lastScanMicros.update(scan.timestampMicros());
        }
        ScanResult result;
        try {
            result = slam.addScan(input);
        } catch (IllegalArgumentException e) {
            // A scan the engine cannot use must not stop every robot's SLAM: dead-letter it, go on.
            rejectedScans.inc();
            String reason =
                    e instanceof RejectedScanException r ? r.reason() : "engine_rejected_input";
            LOG.warn(
                    "robot {}: scan {} rejected by the SLAM engine ({}): {}",
                    frame.nodeId(),
                    scan.seq(),
                    reason,
                    e.getMessage());
            output.collect(
                    DEAD_LETTERS,
                    new StreamRecord<>(
                            new DeadLetter(
                                    "slam_" + reason,
                                    "scan " + scan.seq() + ": " + e.getMessage(),
                                    Topics.FRAMES,
                                    -1,
                                    -1,
                                    null,
                                    CODEC.encode(frame.nodeId(), scan, frame.compression()),
                                    getProcessingTimeService().getCurrentProcessingTime())));
            return;
        }
        if (result.nodeIndex() >= 0) {
            TrajectoryNode node = slam.nodes().get(result.nodeIndex());
            nodes.put(node.index(), SlamStateCodec.encodeNode(node));
        }
        if (result.finishedSubmap() != null) {
            finishedSubmaps.put(
                    result.finishedSubmap().index(),
                    SlamStateCodec.encodeSubmap(result.finishedSubmap()));
            submapsFinished.inc();
        }
        loopClosures.inc(result.loopClosures().size());
        RobotUpdate update = senders.get(key).after(result, slam, scan.seq());
        if (update != null) {
            byte[] bytes = RobotUpdateCodec.encode(update);
            robotUpdateBytes.inc(bytes.length);
            robotUpdates.inc();
            output.collect(ROBOT_UPDATES, new StreamRecord<>(bytes, record.getTimestamp()));
        }
        dirty.add(key);
        scans.inc();
        scanMicros.update((System.nanoTime() - start) / 1000);
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (record.hasTimestamp()) {
            scanToPoseMillis.update(now - record.getTimestamp());
        }
        output.collect(
                record.replace(
                        new RobotPose(
                                frame.nodeId(),
                                new PoseEstimate(
                                        scan.seq(),
                                        scan.timestampMicros(),
                                        PoseEstimate.Source.LOCAL_SLAM,
                                        result.globalPose(),
                                        now * 1000))));
    }

    /** The current key's engine from state, or a new one for a robot seen for the first time. */
    private LocalSlam restore() throws Exception {
        byte[] working = workingSet.value();
        int key = (Integer) getCurrentKey();
        if (working == null) {
            persisted.put(key, new int[2]);
            return new LocalSlam(config, loopClosureSearches);
        }
        List<SubmapState> finished = new ArrayList<>();
        for (byte[] b : new TreeMap<>(toMap(finishedSubmaps)).values()) {
            finished.add(SlamStateCodec.decodeSubmap(b));
        }
        List<TrajectoryNode> restoredNodes = new ArrayList<>();
        for (byte[] b : new TreeMap<>(toMap(nodes)).values()) {
            restoredNodes.add(SlamStateCodec.decodeNode(b));
        }
        List<Constraint> restoredConstraints = new ArrayList<>();
        for (byte[] b : constraints.get()) {
            restoredConstraints.addAll(SlamStateCodec.decodeConstraints(b));
        }
        List<ScanPose> restoredScanPoses = new ArrayList<>();
        for (byte[] b : scanPoses.get()) {
            restoredScanPoses.addAll(SlamStateCodec.decodeScanPoses(b));
        }
        LocalSlamState state =
                SlamStateCodec.decode(
                        working, finished, restoredNodes, restoredConstraints, restoredScanPoses);
        // A working set of format ≤ 3 held these itself: they go to list state at the next
        // checkpoint.
        persisted.put(key, new int[] {restoredConstraints.size(), restoredScanPoses.size()});
        return LocalSlam.fromState(config, state, loopClosureSearches);
    }

    private static Map<Integer, byte[]> toMap(MapState<Integer, byte[]> state) throws Exception {
        Map<Integer, byte[]> m = new HashMap<>();
        for (Map.Entry<Integer, byte[]> e : state.entries()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    @Override
    public void close() throws Exception {
        if (loopClosureSearches != null) {
            loopClosureSearches.shutdownNow();
        }
        super.close();
    }

    /**
     * Writes the working set of every robot that changed since the last checkpoint, and appends its
     * new constraints and scan poses.
     */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        Object current = getCurrentKey();
        for (Integer key : dirty) {
            setCurrentKey(key);
            LocalSlamState state = engines.get(key).workingState();
            int[] stored = persisted.get(key);
            if (state.constraints().size() > stored[0]) {
                constraints.add(
                        SlamStateCodec.encodeConstraints(
                                state.constraints()
                                        .subList(stored[0], state.constraints().size())));
                stored[0] = state.constraints().size();
            }
            if (state.scanPoses().size() > stored[1]) {
                scanPoses.add(
                        SlamStateCodec.encodeScanPoses(
                                state.scanPoses().subList(stored[1], state.scanPoses().size())));
                stored[1] = state.scanPoses().size();
            }
            workingSet.update(SlamStateCodec.encodeWorkingSet(state));
        }
        dirty.clear();
        if (current != null) {
            setCurrentKey(current);
        }
    }

    /** The engine's view of a wire scan: no-return beams at the sensor range, invalid ones 0. */
    public static SlamScan toSlamScan(LaserScan scan) {
        float[] ranges = scan.ranges().clone();
        for (int i = 0; i < ranges.length; i++) {
            if (ranges[i] == Float.POSITIVE_INFINITY) {
                ranges[i] = scan.rangeMax(); // no return: the engine clears free space along it
            } else if (ranges[i] < scan.rangeMin()) {
                ranges[i] = 0f; // not a measurement
            }
        }
        Pose2 offset = scan.odometryPose().between(scan.sensorPose());
        return new SlamScan(
                scan.timestampMicros() / 1e6,
                scan.angleMin(),
                scan.angleIncrement(),
                scan.rangeMax(),
                ranges,
                offset,
                scan.odometryPose());
    }
}
