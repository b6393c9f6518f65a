package io.edgeflow.slam.operator;

import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.Compression;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.collab.CollaborativeLogRun;
import io.edgeflow.slam.collab.CrossRobotSearch;
import io.edgeflow.slam.collab.GlobalMapper;
import io.edgeflow.slam.collab.GlobalMapperState;
import io.edgeflow.slam.collab.MergedTiles;
import io.edgeflow.slam.collab.RobotUpdate;
import io.edgeflow.slam.collab.RobotUpdateCodec;
import io.edgeflow.state.FrameTypeInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The global mapper of each map group, keyed by group name: takes the robots' encoded {@link
 * RobotUpdate}s (from {@link LocalSlamOperator#ROBOT_UPDATES}), emits corrected poses (source
 * GLOBAL_MAP, in the group frame) and, on {@link #TILES}, changed tiles of the merged map.
 *
 * <p>The mapper's result depends on the order it takes updates in, and robots' updates arrive
 * interleaved however the local SLAM subtasks ran. So updates wait in state until the watermark
 * passes their record time, then go to the mapper ordered by (record time, robot id, arrival): the
 * same order whatever the interleaving and across restarts, the order the standalone run uses when
 * record time is robot time.
 *
 * <p>State: the updates the mapper applied (its robots' maps: nodes, submaps, poses) in map state,
 * one entry each, written once; the tiles last emitted in map state, one entry per tile, written
 * when it changes; the mapper's decisions (the working set) in one value rewritten at checkpoints
 * for groups that changed; waiting updates in map state. After a restore a mapper is rebuilt from
 * state when its group is next touched.
 */
public final class GlobalMapperOperator extends AbstractStreamOperator<RobotPose>
        implements OneInputStreamOperator<byte[], RobotPose>, Triggerable<String, VoidNamespace> {

    /** Merged map tiles as MAP_TILE frames (node id = the group's, DEFLATE). */
    public static final OutputTag<Frame> TILES =
            new OutputTag<>("map-tiles", FrameTypeInfo.INSTANCE);

    /** Updates the mapper could not take (undecodable, or not continuing the robot's map). */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("global-mapper-dead-letters", TypeInformation.of(DeadLetter.class));

    private static final PrimitiveArrayTypeInfo<byte[]> BYTES =
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(GlobalMapperOperator.class);

    private final LocalSlamConfig config;
    private final CrossRobotSearch search;

    private transient Map<String, GlobalMapper> mappers;
    private transient Set<String> dirty;
    private transient InternalTimerService<VoidNamespace> releases;
    private transient MapState<Long, byte[]> waiting;
    private transient ValueState<Long> arrivals;
    private transient MapState<Long, byte[]> applied;
    private transient ValueState<Long> appliedCount;
    private transient MapState<String, byte[]> tiles;
    private transient ValueState<byte[]> workingSet;
    private transient Counter updates;
    private transient Counter updateBytes;
    private transient Counter posesOut;
    private transient Counter tilesOut;
    private transient Counter rejected;
    private transient Counter appliedUpdates;

    public GlobalMapperOperator(LocalSlamConfig config, CrossRobotSearch search) {
        this.config = config;
        this.search = search;
    }

    @Override
    public void open() throws Exception {
        super.open();
        mappers = new HashMap<>();
        dirty = new HashSet<>();
        releases =
                getInternalTimerService(
                        "global-mapper-release", VoidNamespaceSerializer.INSTANCE, this);
        // State names are part of the savepoint format.
        String v = "-v1";
        waiting =
                getPartitionedState(
                        new MapStateDescriptor<>("global-waiting-updates" + v, Types.LONG, BYTES));
        arrivals =
                getPartitionedState(new ValueStateDescriptor<>("global-arrivals" + v, Types.LONG));
        applied =
                getPartitionedState(
                        new MapStateDescriptor<>("global-applied-updates" + v, Types.LONG, BYTES));
        appliedCount =
                getPartitionedState(
                        new ValueStateDescriptor<>("global-applied-count" + v, Types.LONG));
        tiles =
                getPartitionedState(
                        new MapStateDescriptor<>("global-emitted-tiles" + v, Types.STRING, BYTES));
        workingSet =
                getPartitionedState(new ValueStateDescriptor<>("global-working-set" + v, BYTES));
        var group = getMetricGroup().addGroup("edgeflow").addGroup("globalMapper");
        updates = group.counter("robotUpdates");
        updateBytes = group.counter("robotUpdateBytes");
        posesOut = group.counter("globalPoses");
        tilesOut = group.counter("mapTiles");
        rejected = group.counter("rejectedUpdates");
        appliedUpdates = group.counter("appliedUpdates");
        // what the demo reports: closures verified between robots, and those the screens kept
        group.gauge(
                "interRobotCandidates",
                () -> mappers.values().stream().mapToLong(m -> m.candidates().size()).sum());
        group.gauge(
                "acceptedInterRobotClosures",
                () -> mappers.values().stream().mapToLong(GlobalMapper::acceptedClosures).sum());
    }

    @Override
    public void processElement(StreamRecord<byte[]> record) throws Exception {
        long time = record.hasTimestamp() ? record.getTimestamp() : Long.MIN_VALUE;
        long arrival = arrivals.value() == null ? 0 : arrivals.value();
        arrivals.update(arrival + 1);
        byte[] bytes = record.getValue();
        updates.inc();
        updateBytes.inc(bytes.length);
        waiting.put(
                arrival, ByteBuffer.allocate(8 + bytes.length).putLong(time).put(bytes).array());
        releases.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        release(timer.getKey(), timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    private record Waiting(long arrival, long time, int robot, byte[] bytes) {}

    /** Hands every waiting update with record time ≤ {@code until} to the group's mapper. */
    private void release(String group, long until) throws Exception {
        List<Waiting> due = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : waiting.entries()) {
            ByteBuffer b = ByteBuffer.wrap(e.getValue());
            long time = b.getLong();
            if (time <= until) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                // the robot id sits after the format byte
                int robot = bytes.length >= 5 ? ByteBuffer.wrap(bytes, 1, 4).getInt() : 0;
                due.add(new Waiting(e.getKey(), time, robot, bytes));
            }
        }
        if (due.isEmpty()) {
            return;
        }
        due.sort(
                Comparator.comparingLong(Waiting::time)
                        .thenComparingInt(Waiting::robot)
                        .thenComparingLong(Waiting::arrival));
        GlobalMapper mapper = mapper(group);
        long count = appliedCount.value() == null ? 0 : appliedCount.value();
        for (Waiting w : due) {
            waiting.remove(w.arrival());
            appliedUpdates.inc();
            GlobalMapper.Emitted out;
            try {
                out = mapper.accept(RobotUpdateCodec.decode(w.bytes()));
            } catch (IllegalArgumentException e) {
                reject(w, e);
                continue;
            }
            applied.put(count++, w.bytes());
            emit(group, out, w.time());
        }
        appliedCount.update(count);
        dirty.add(group);
    }

    private void reject(Waiting w, IllegalArgumentException e) {
        rejected.inc();
        LOG.warn(
                "global mapper: update of robot {} rejected: {}",
                NodeId.hex(w.robot()),
                e.getMessage());
        output.collect(
                DEAD_LETTERS,
                new StreamRecord<>(
                        new DeadLetter(
                                "global_invalid_update",
                                e.getMessage(),
                                "robot-updates",
                                -1,
                                -1,
                                null,
                                w.bytes(),
                                getProcessingTimeService().getCurrentProcessingTime()),
                        w.time()));
    }

    private void emit(String group, GlobalMapper.Emitted out, long time) throws Exception {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        for (GlobalMapper.GlobalPose p : out.poses()) {
            output.collect(
                    new StreamRecord<>(
                            new RobotPose(p.robot(), CollaborativeLogRun.estimate(p, now * 1000)),
                            time));
        }
        posesOut.inc(out.poses().size());
        int groupId = NodeId.of(group);
        for (MapTile t : out.tiles()) {
            tiles.put(
                    t.key(),
                    GlobalMapperState.encodeTile(new MergedTiles.Emitted(t.seq(), t.cells())));
            output.collect(
                    TILES, new StreamRecord<>(new Frame(groupId, Compression.DEFLATE, t), time));
        }
        tilesOut.inc(out.tiles().size());
    }

    /** The group's mapper, rebuilt from state after a restore, or new. */
    private GlobalMapper mapper(String group) throws Exception {
        GlobalMapper m = mappers.get(group);
        if (m != null) {
            return m;
        }
        GlobalMapper.Settings settings = GlobalMapper.Settings.defaults(group);
        byte[] working = workingSet.value();
        if (working == null) {
            m = new GlobalMapper(settings, config, search);
        } else {
            List<RobotUpdate> updates = new ArrayList<>();
            for (byte[] b : new TreeMap<>(toMap(applied)).values()) {
                updates.add(RobotUpdateCodec.decode(b));
            }
            Map<String, MergedTiles.Emitted> emitted = new TreeMap<>();
            for (Map.Entry<String, byte[]> e : tiles.entries()) {
                emitted.put(e.getKey(), GlobalMapperState.decodeTile(e.getValue()));
            }
            m = GlobalMapperState.restore(settings, config, search, working, updates, emitted);
        }
        mappers.put(group, m);
        return m;
    }

    private static <K> Map<K, byte[]> toMap(MapState<K, byte[]> state) throws Exception {
        Map<K, byte[]> m = new HashMap<>();
        for (Map.Entry<K, byte[]> e : state.entries()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    /** Writes the working set of every group whose mapper took updates since the last one. */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        Object current = getCurrentKey();
        for (String group : dirty) {
            setCurrentKey(group);
            workingSet.update(GlobalMapperState.encodeWorkingSet(mappers.get(group)));
        }
        dirty.clear();
        if (current != null) {
            setCurrentKey(current);
        }
    }
}
