package io.edgeflow.jobs.runtime;

import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.protocol.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads what the global mapper committed — edgeflow.poses.global and edgeflow.map.tiles — from the
 * beginning, read_committed, keeping each node's latest corrected pose and each tile's newest
 * version, as a map viewer would.
 */
public final class MapOutputReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FrameCodec codec = new FrameCodec();
    // robot → frame seq → latest corrected pose
    private final Map<Integer, Map<Long, PoseEstimate>> poses = new TreeMap<>();
    private final Map<String, MapTile> tiles = new TreeMap<>();
    private final Map<Integer, Long> firstSeen = new HashMap<>();
    private long records;

    public MapOutputReader(String bootstrapServers) {
        consumer =
                CommittedOutput.fromStart(
                        bootstrapServers, List.of(Topics.POSES_GLOBAL, Topics.MAP_TILES));
    }

    public void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            records++;
            DecodeResult d = codec.decode(r.value());
            if (!(d instanceof Frame f)) {
                continue;
            }
            if (f.message() instanceof PoseEstimate e) {
                poses.computeIfAbsent(f.nodeId(), k -> new TreeMap<>()).put(e.seq(), e);
                firstSeen.putIfAbsent(f.nodeId(), System.nanoTime());
            } else if (f.message() instanceof MapTile t) {
                MapTile before = tiles.get(t.key());
                if (before == null || before.seq() < t.seq()) {
                    tiles.put(t.key(), t);
                }
            }
        }
    }

    /** Each robot's latest corrected pose per frame. */
    public Map<Integer, Map<Long, PoseEstimate>> poses() {
        return poses;
    }

    /** Every node's latest corrected pose, as robot poses. */
    public List<RobotPose> latestPoses() {
        List<RobotPose> out = new ArrayList<>();
        poses.forEach(
                (robot, bySeq) -> bySeq.values().forEach(e -> out.add(new RobotPose(robot, e))));
        return out;
    }

    public Map<String, MapTile> tiles() {
        return tiles;
    }

    /** System.nanoTime() when each robot's first corrected pose was read. */
    public Map<Integer, Long> firstSeen() {
        return firstSeen;
    }

    public long records() {
        return records;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
