package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.GridTile;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.mapping2d.SubmapState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Compact binary form of {@link RobotUpdate}s, which cross the network from the TaskManager running
 * a robot's local SLAM to the one running its group's global mapper. Poses go as three f32 (well
 * below a millimetre at fleet-site scale), node points as i16 at 2 mm when they fit ±65 m (f32
 * otherwise), a submap's grid as its known cells' log-odds quantized to 16 bits, deflated. The
 * standalone run sends its updates through this codec too, so both see the same numbers.
 */
public final class RobotUpdateCodec {
    static final int VERSION = 1;
    private static final int HAS_NODE = 1, HAS_SUBMAP = 2, HAS_OPTIMIZED = 4;
    private static final float POINT_SCALE = 500; // 2 mm
    private static final int SHORT_POINTS = 0, FLOAT_POINTS = 1;
    private static final float MIN_LOG_ODDS =
            ProbabilityGrid.logOdds(ProbabilityGrid.MIN_PROBABILITY);
    private static final float MAX_LOG_ODDS =
            ProbabilityGrid.logOdds(ProbabilityGrid.MAX_PROBABILITY);
    private static final int LEVELS = 65534; // codes 1..65535; 0 = unknown

    private RobotUpdateCodec() {}

    public static byte[] encode(RobotUpdate u) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(u.robot());
            out.writeByte(
                    (u.node() != null ? HAS_NODE : 0)
                            | (u.finishedSubmap() != null ? HAS_SUBMAP : 0)
                            | (u.optimized() != null ? HAS_OPTIMIZED : 0));
            if (u.node() != null) {
                node(out, u.node());
            }
            if (u.finishedSubmap() != null) {
                pose(out, u.finishedSubmap().globalPose());
                submap(out, u.finishedSubmap().submap());
            }
            if (u.optimized() != null) {
                varint(out, u.optimized().nodes().size());
                for (Pose2 p : u.optimized().nodes()) {
                    pose(out, p);
                }
                varint(out, u.optimized().submaps().size());
                for (Map.Entry<Integer, Pose2> e : u.optimized().submaps().entrySet()) {
                    varint(out, e.getKey());
                    pose(out, e.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException for bytes that are no update of this format
     */
    public static RobotUpdate decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException(
                        "robot update format " + version + ", this build reads " + VERSION);
            }
            int robot = in.readInt();
            int flags = in.readUnsignedByte();
            RobotUpdate.Node node = (flags & HAS_NODE) != 0 ? node(in) : null;
            RobotUpdate.FinishedSubmap submap = null;
            if ((flags & HAS_SUBMAP) != 0) {
                Pose2 global = pose(in);
                submap = new RobotUpdate.FinishedSubmap(submap(in), global);
            }
            RobotUpdate.OptimizedPoses optimized = null;
            if ((flags & HAS_OPTIMIZED) != 0) {
                List<Pose2> nodes = new ArrayList<>();
                for (int i = varint(in); i > 0; i--) {
                    nodes.add(pose(in));
                }
                Map<Integer, Pose2> submaps = new TreeMap<>();
                for (int i = varint(in); i > 0; i--) {
                    submaps.put(varint(in), pose(in));
                }
                optimized = new RobotUpdate.OptimizedPoses(nodes, submaps);
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes");
            }
            return new RobotUpdate(robot, node, submap, optimized);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated robot update", e);
        }
    }

    private static void node(DataOutputStream out, RobotUpdate.Node n) throws IOException {
        varint(out, n.index());
        out.writeLong(n.frameSeq());
        out.writeDouble(n.time());
        pose(out, n.localPose());
        pose(out, n.globalPose());
        varint(out, n.submaps().length);
        for (int s : n.submaps()) {
            varint(out, s);
        }
        PointSet p = n.points();
        varint(out, p.size());
        boolean small = true;
        for (int i = 0; i < p.size() && small; i++) {
            small =
                    Math.abs(p.xs()[i] * POINT_SCALE) < Short.MAX_VALUE
                            && Math.abs(p.ys()[i] * POINT_SCALE) < Short.MAX_VALUE;
        }
        out.writeByte(small ? SHORT_POINTS : FLOAT_POINTS);
        for (int i = 0; i < p.size(); i++) {
            if (small) {
                out.writeShort(Math.round(p.xs()[i] * POINT_SCALE));
                out.writeShort(Math.round(p.ys()[i] * POINT_SCALE));
            } else {
                out.writeFloat(p.xs()[i]);
                out.writeFloat(p.ys()[i]);
            }
        }
    }

    private static RobotUpdate.Node node(DataInputStream in) throws IOException {
        int index = varint(in);
        long seq = in.readLong();
        double time = in.readDouble();
        Pose2 local = pose(in);
        Pose2 global = pose(in);
        int[] submaps = new int[varint(in)];
        for (int i = 0; i < submaps.length; i++) {
            submaps[i] = varint(in);
        }
        int n = varint(in);
        boolean small = in.readUnsignedByte() == SHORT_POINTS;
        float[] xs = new float[n], ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = small ? in.readShort() / POINT_SCALE : in.readFloat();
            ys[i] = small ? in.readShort() / POINT_SCALE : in.readFloat();
        }
        return new RobotUpdate.Node(index, seq, time, local, global, submaps, new PointSet(xs, ys));
    }

    private static void submap(DataOutputStream out, SubmapState s) throws IOException {
        varint(out, s.index());
        pose(out, s.localPose());
        varint(out, s.numRangeData());
        out.writeDouble(s.resolution());
        varint(out, s.tiles().size());
        ByteArrayOutputStream cells = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(new DeflaterOutputStream(cells))) {
            for (GridTile t : s.tiles()) {
                d.writeInt(t.tileX());
                d.writeInt(t.tileY());
                for (float l : t.logOdds()) {
                    d.writeShort(quantize(l));
                }
            }
        }
        varint(out, cells.size());
        cells.writeTo(out);
    }

    private static SubmapState submap(DataInputStream in) throws IOException {
        int index = varint(in);
        Pose2 local = pose(in);
        int numRangeData = varint(in);
        double resolution = in.readDouble();
        int count = varint(in);
        byte[] deflated = in.readNBytes(varint(in));
        List<GridTile> tiles = new ArrayList<>(count);
        int cells = ProbabilityGrid.TILE_SIZE * ProbabilityGrid.TILE_SIZE;
        try (DataInputStream d =
                new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(deflated)))) {
            for (int t = 0; t < count; t++) {
                int tx = d.readInt(), ty = d.readInt();
                float[] logOdds = new float[cells];
                for (int i = 0; i < cells; i++) {
                    logOdds[i] = dequantize(d.readUnsignedShort());
                }
                tiles.add(new GridTile(tx, ty, logOdds));
            }
        }
        return new SubmapState(index, local, numRangeData, true, resolution, tiles);
    }

    private static int quantize(float logOdds) {
        if (Float.isNaN(logOdds)) {
            return 0;
        }
        double f = (logOdds - MIN_LOG_ODDS) / (MAX_LOG_ODDS - MIN_LOG_ODDS);
        return 1 + (int) Math.round(Math.max(0, Math.min(1, f)) * LEVELS);
    }

    private static float dequantize(int code) {
        if (code == 0) {
            return Float.NaN;
        }
        return (float)
                (MIN_LOG_ODDS + (code - 1) / (double) LEVELS * (MAX_LOG_ODDS - MIN_LOG_ODDS));
    }

    private static void pose(DataOutputStream out, Pose2 p) throws IOException {
        out.writeFloat((float) p.x());
        out.writeFloat((float) p.y());
        out.writeFloat((float) p.theta());
    }

    private static Pose2 pose(DataInputStream in) throws IOException {
        return new Pose2(in.readFloat(), in.readFloat(), in.readFloat());
    }

    static void varint(DataOutputStream out, int v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("negative count or index " + v);
        }
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    static int varint(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 5 bytes");
    }
}
