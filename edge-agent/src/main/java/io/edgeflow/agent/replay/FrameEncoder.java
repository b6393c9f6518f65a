package io.edgeflow.agent.replay;

import io.edgeflow.protocol.Compression;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Message;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.protocol.carmen.CarmenOdometry;
import io.edgeflow.protocol.carmen.CarmenRecord;

/**
 * Turns one robot's CARMEN records into protocol frames, numbering them with the robot's own
 * sequence (one counter across all message types, so consumers see every gap).
 */
public final class FrameEncoder {
    /** Readings below this are not measurements (the reader maps NaN/negative beams to 0). */
    static final float CARMEN_RANGE_MIN = 0.01f;

    private final FrameCodec codec;
    private final int nodeId;
    private long nextSeq;

    public FrameEncoder(FrameCodec codec, String nodeName) {
        this.codec = codec;
        this.nodeId = NodeId.of(nodeName);
    }

    public int nodeId() {
        return nodeId;
    }

    public long nextSeq() {
        return nextSeq;
    }

    public Message toMessage(CarmenRecord record) {
        long seq = nextSeq++;
        long micros = Math.round(record.timestamp() * 1e6);
        if (record instanceof CarmenLaser l) {
            float[] ranges = l.ranges().clone();
            for (int i = 0; i < ranges.length; i++) {
                if (ranges[i] >= l.maxRange()) {
                    ranges[i] = Float.POSITIVE_INFINITY; // no return
                }
            }
            return new LaserScan(
                    seq,
                    micros,
                    l.angleMin(),
                    l.angleIncrement(),
                    CARMEN_RANGE_MIN,
                    l.maxRange(),
                    l.laserPose(),
                    l.robotPose(),
                    ranges);
        }
        CarmenOdometry o = (CarmenOdometry) record;
        return new Odometry(
                seq, micros, o.pose(), o.translationalVelocity(), o.rotationalVelocity());
    }

    public byte[] encode(CarmenRecord record) {
        return codec.encode(nodeId, toMessage(record), Compression.NONE);
    }
}
